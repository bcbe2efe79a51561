package io.samsa.compat.scenario;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a Kafka command-line tool's main class (from the {@code kafka-tools} jar on the child JVM's
 * classpath) as {@code bin/kafka-*.sh} would, inside the child JVM of {@link CliScenarios}: its
 * stdin, stdout and stderr are swapped for the call, and its {@code Exit.exit} ends the call with
 * that exit code (through {@code Exit.setExitProcedure}, as Kafka's own tests do). As in a real
 * JVM, the first exit is the one that counts, and nothing printed after it is kept: the exit
 * procedure has to unwind the tool with an exception, which a tool may catch and report before it
 * exits again (TopicCommand does). The shutdown hooks the tool registers through
 * {@code Exit.addShutdownHook} run after it exits, as they would at the end of its JVM (the
 * console producer closes, and so flushes, its producer there).
 *
 * <p>One tool at a time: the swapped streams are the JVM's. {@code kafka.tools} classes are reached
 * by reflection: they are not on the suite's compile classpath.
 */
public final class CliTool {
    public static final String TOPICS = "org.apache.kafka.tools.TopicCommand";
    public static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    public static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    public static final String CONSUMER_GROUPS = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    private static final String EXIT = "org.apache.kafka.common.utils.Exit";

    private CliTool() {
    }

    /** What one command did: its exit code and its output, line by line. */
    public record Run(int exitCode, List<String> out, List<String> err) {
    }

    /** Thrown by the replaced exit procedure to unwind the tool. */
    private static final class Exited extends RuntimeException {
        Exited() {
            super("exit", null, false, false);
        }
    }

    public static synchronized Run run(String mainClass, String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        List<Runnable> hooks = new ArrayList<>();
        // [0] exit code, [1] stdout size and [2] stderr size at the first exit; code -1 until then
        int[] first = {-1, 0, 0};
        Class<?> exit = Class.forName(EXIT);
        install(exit, hooks, code -> {
            if (first[0] < 0) {
                first[0] = code;
                first[1] = out.size();
                first[2] = err.size();
            }
        });
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
            Method main = Class.forName(mainClass).getMethod("main", String[].class);
            try {
                main.invoke(null, (Object) args);
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof Exited)) {
                    throw e;
                }
            }
            hooks.forEach(Runnable::run);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
            exit.getMethod("resetExitProcedure").invoke(null);
            exit.getMethod("resetShutdownHookAdder").invoke(null);
        }
        boolean exited = first[0] >= 0;
        return new Run(exited ? first[0] : 0, lines(out, exited ? first[1] : out.size()),
            lines(err, exited ? first[2] : err.size()));
    }

    private static List<String> lines(ByteArrayOutputStream bytes, int length) {
        return new String(bytes.toByteArray(), 0, length, StandardCharsets.UTF_8).lines().toList();
    }

    /** Exit.setExitProcedure(note, throw Exited) and Exit.setShutdownHookAdder(collect), by reflection. */
    private static void install(Class<?> exit, List<Runnable> hooks, java.util.function.IntConsumer onExit)
        throws ReflectiveOperationException {
        Class<?> procedure = Class.forName(EXIT + "$Procedure");
        Object thrower = Proxy.newProxyInstance(procedure.getClassLoader(), new Class<?>[] {procedure},
            (proxy, method, arguments) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return method.invoke(CliTool.class, arguments);
                }
                onExit.accept((Integer) arguments[0]);
                throw new Exited();
            });
        exit.getMethod("setExitProcedure", procedure).invoke(null, thrower);
        Class<?> adder = Class.forName(EXIT + "$ShutdownHookAdder");
        Object collector = Proxy.newProxyInstance(adder.getClassLoader(), new Class<?>[] {adder},
            (proxy, method, arguments) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return method.invoke(hooks, arguments);
                }
                hooks.add((Runnable) arguments[1]);
                return null;
            });
        exit.getMethod("setShutdownHookAdder", adder).invoke(null, collector);
    }
}
