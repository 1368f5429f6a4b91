package io.skiff.proxy.userspace;

/** One listening address of the userspace proxy. */
interface PortProxy extends AutoCloseable {

    void start() throws InterruptedException;

    @Override
    void close();
}
