/**
 * The volume use cases shared by kubelet's calls and rotation: publish (resolve the
 * SecretProviderClass, call the provider, write the files atomically, record the mount)
 * and unpublish, one volume at a time.
 */
package dev.secretsstore.driver.volume;
