package dev.secretsstore.driver.mount;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The C library calls {@link TmpfsMounter} makes, bound once through JNA; a failed call
 * throws with its errno.
 */
interface Libc extends Library {

	Libc INSTANCE = Native.load("c", Libc.class);

	int mount(String source, String target, String fsType, NativeLong flags, Pointer data) throws LastErrorException;

	int umount2(String target, int flags) throws LastErrorException;

}
