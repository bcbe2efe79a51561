package io.samsa.broker.group;

import io.samsa.broker.common.ManualScheduler;
import io.samsa.broker.common.ManualTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keyed timers: replacement, cancellation, and moving a deadline without rescheduling. */
class ShardTimerTest {
    private final ManualTime time = new ManualTime();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final ShardTimer timer = new ShardTimer(scheduler, Runnable::run, time, "test");
    private final List<String> fired = new ArrayList<>();
    private final ShardTimer.Key key = ShardTimer.Key.heartbeat("g", "m");

    @Test
    void aTimerFiresOnceAtItsDeadline() {
        timer.schedule(key, 100, () -> fired.add("a"));
        scheduler.advance(99);
        assertTrue(fired.isEmpty());
        scheduler.advance(1);
        assertEquals(List.of("a"), fired);
        assertFalse(timer.isScheduled(key));
        scheduler.advance(1000);
        assertEquals(List.of("a"), fired);
    }

    @Test
    void aLaterDeadlineMovesTheTimerWithoutANewSchedulerTask() {
        timer.schedule(key, 100, () -> fired.add("a"));
        scheduler.advance(50);
        timer.schedule(key, 100, () -> fired.add("b"));
        assertEquals(1, scheduler.pending(), "the armed task is reused");
        scheduler.advance(50);
        assertTrue(fired.isEmpty(), "fired early, re-armed for the rest");
        scheduler.advance(49);
        assertTrue(fired.isEmpty());
        scheduler.advance(1);
        assertEquals(List.of("b"), fired, "the latest task runs");
    }

    @Test
    void anEarlierDeadlineReplacesTheTimer() {
        timer.schedule(key, 1000, () -> fired.add("late"));
        timer.schedule(key, 10, () -> fired.add("early"));
        scheduler.advance(2000);
        assertEquals(List.of("early"), fired);
    }

    @Test
    void cancelledTimersDoNotFire() {
        timer.schedule(key, 10, () -> fired.add("a"));
        timer.schedule(ShardTimer.Key.join("g"), 10, () -> fired.add("join"));
        timer.cancel(key);
        scheduler.advance(100);
        assertEquals(List.of("join"), fired);
        timer.schedule(key, 10, () -> fired.add("b"));
        timer.cancelAll();
        scheduler.advance(100);
        assertEquals(List.of("join"), fired);
        assertEquals(0, timer.size());
    }
}
