/**
 * Auto rotation: one reconciler that decides whether a mounted volume is due and
 * refreshes it, and its three triggers (a scheduled pass, kubelet's republish, and on
 * demand), with rotation events and metrics.
 */
package dev.secretsstore.driver.rotation;
