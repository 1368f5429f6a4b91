/**
 * A simple form of Kubernetes' API Priority and Fairness: each request is classified by its
 * requester and target into a flow schema and so a priority level, each level has its share of the
 * server's concurrency, and requests beyond a level's seats wait in fair queues, shuffle-sharded
 * by flow (the user or the namespace), so that one noisy client fills only its own queues and the
 * system components' levels are never taken by anyone else's work.
 */
package io.skiff.apiserver.flowcontrol;
