package io.samsa.protocol;

/** A request or response body of one Kafka API. */
public interface ApiMessage extends Message {
    short apiKey();
}
