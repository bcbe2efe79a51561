package io.samsa.broker.log;

/** Who is appending: clients may not write control batches; the broker's coordinators may (transaction markers). */
public enum AppendOrigin {
    CLIENT,
    COORDINATOR
}
