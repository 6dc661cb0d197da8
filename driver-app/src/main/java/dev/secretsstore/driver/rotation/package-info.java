/**
 * Auto rotation: one reconciler that decides whether a mounted volume is due and
 * refreshes it, and its three triggers (a scheduled pass, kubelet's republish, and on
 * demand), with rotation events and metrics. Under it, {@code refresh} refreshes one
 * volume and {@code tokens} renews its service-account tokens first; neither knows when
 * rotation runs.
 */
package dev.secretsstore.driver.rotation;
