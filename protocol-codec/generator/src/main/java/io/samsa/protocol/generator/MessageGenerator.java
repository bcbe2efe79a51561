package io.samsa.protocol.generator;

public final class MessageGenerator {
    public static void main(String[] args) throws Exception {
        java.nio.file.Files.createDirectories(java.nio.file.Path.of(args[1]));
    }
}
