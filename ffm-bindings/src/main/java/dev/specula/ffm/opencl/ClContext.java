package dev.specula.ffm.opencl;

import static dev.specula.ffm.opencl.raw.OpenCL.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.specula.ffm.NativeLibraryNotFoundException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenCL context over one or more devices of one platform, and the owner of everything made
 * in it: queues, programs, kernels, buffers, events. Closing the context closes them all; using
 * any of them afterwards throws {@link IllegalStateException}.
 *
 * {@snippet :
 * ClDevice device = ClPlatform.allDevices().getFirst();
 * try (ClContext context = ClContext.create(device);
 *      ClQueue queue = context.createQueue()) {
 *     MemorySegment data = context.allocateHost(1024 * Float.BYTES); // aligned for zero-copy
 *     ClBuffer buffer = context.hostBuffer(data, ClAccess.READ_WRITE);
 *     ClKernel scale = context.program(SOURCE).kernel("scale");
 *     scale.setBuffer(0, buffer).setFloat(1, 2.0f);
 *     try (ClEvent done = queue.launch(scale, 1024)) {
 *         done.waitFor();
 *     }
 *     // on a device with host-unified memory, data now holds the kernel's results
 * }
 * }
 */
public final class ClContext extends ClObject {
    private final List<ClDevice> devices;
    private final long hostAlignment;
    private final Set<ClObject> children = ConcurrentHashMap.newKeySet();
    private final Map<ProgramKey, ClProgram> programs = new HashMap<>();
    private Arena hostArena; // created on the first allocateHost, closed with the context

    private record ProgramKey(String source, String options, long device) {}

    private ClContext(MemorySegment handle, List<ClDevice> devices) {
        super(handle, null);
        this.devices = devices;
        this.hostAlignment = devices.stream().mapToLong(ClDevice::memBaseAddrAlignBytes).max().orElseThrow();
    }

    /** A context over {@code device} alone. */
    public static ClContext create(ClDevice device) {
        return create(List.of(Objects.requireNonNull(device, "device")));
    }

    /**
     * A context over {@code devices}, which must be distinct and of one platform.
     *
     * @throws IllegalArgumentException if the list is empty, has duplicates or mixes platforms
     */
    public static ClContext create(List<ClDevice> devices) {
        Objects.requireNonNull(devices, "devices");
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("a context needs at least one device");
        }
        ClPlatform platform = devices.getFirst().platform();
        for (int i = 0; i < devices.size(); i++) {
            ClDevice device = Objects.requireNonNull(devices.get(i), "device " + i);
            if (device.platform().id().address() != platform.id().address()) {
                throw new IllegalArgumentException("devices of different platforms cannot share a context: "
                        + device.name() + " is on " + device.platform().name() + ", not " + platform.name());
            }
            for (int j = 0; j < i; j++) {
                if (devices.get(j).sameDevice(device)) {
                    throw new IllegalArgumentException("device " + device.name() + " is listed twice");
                }
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment properties = arena.allocate(JAVA_LONG, 3);
            properties.setAtIndex(JAVA_LONG, 0, CL_CONTEXT_PLATFORM);
            properties.setAtIndex(JAVA_LONG, 1, platform.id().address());
            properties.setAtIndex(JAVA_LONG, 2, 0);
            MemorySegment ids = arena.allocate(ADDRESS, devices.size());
            for (int i = 0; i < devices.size(); i++) {
                ids.setAtIndex(ADDRESS, i, devices.get(i).id());
            }
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment handle = clCreateContext(properties, devices.size(), ids, MemorySegment.NULL, MemorySegment.NULL, status);
            ClException.check(status.get(JAVA_INT, 0), "clCreateContext");
            return new ClContext(handle, List.copyOf(devices));
        }
    }

    /** The context's devices, in the order given to {@link #create(List)}. */
    public List<ClDevice> devices() {
        return devices;
    }

    /** The context's first device: the one the single-device shortcuts use. */
    public ClDevice device() {
        return devices.getFirst();
    }

    /**
     * The alignment, in bytes, a host segment needs to back a {@linkplain #hostBuffer host buffer}:
     * the largest {@link ClDevice#memBaseAddrAlignBytes()} of the context's devices (128 on PoCL).
     */
    public long hostAlignment() {
        return hostAlignment;
    }

    /**
     * Native memory aligned for {@link #hostBuffer}, zeroed, living until this context closes.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public MemorySegment allocateHost(long bytes) {
        requirePositive(bytes, "bytes");
        synchronized (this) {
            ensureOpen();
            if (hostArena == null) {
                hostArena = Arena.ofShared();
            }
            return hostArena.allocate(bytes, hostAlignment);
        }
    }

    /** An in-order queue with profiling on {@link #device()}. */
    public ClQueue createQueue() {
        return createQueue(device());
    }

    /** An in-order queue with profiling on {@code device}, which must be one of this context's. */
    public ClQueue createQueue(ClDevice device) {
        ensureOpen();
        ClDevice member = requireMember(device);
        boolean legacy = member.majorVersion() < 2;
        ClQueue queue;
        try {
            queue = ClQueue.create(this, member, legacy);
        } catch (NativeLibraryNotFoundException oldLoader) {
            // An OpenCL 1.x ICD loader lacks clCreateCommandQueueWithProperties even for newer drivers.
            if (legacy) {
                throw oldLoader;
            }
            queue = ClQueue.create(this, member, true);
        }
        return adopt(queue);
    }

    /** {@link #program(String, String, ClDevice)} with no options, for {@link #device()}. */
    public ClProgram program(String source) {
        return program(source, "", device());
    }

    /** {@link #program(String, String, ClDevice)} for {@link #device()}. */
    public ClProgram program(String source, String options) {
        return program(source, options, device());
    }

    /**
     * The program built from {@code source} with compiler {@code options} for {@code device}. Built
     * once per (source, options, device) and context: later calls return the same program until it
     * is closed.
     *
     * @throws ClBuildException         if it does not compile; the compiler's log is in the exception
     * @throws IllegalArgumentException if the source is blank, a string holds a NUL character, or
     *                                  the device is not in this context
     */
    public ClProgram program(String source, String options, ClDevice device) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        if (source.isBlank()) {
            throw new IllegalArgumentException("the program source is blank");
        }
        if (source.indexOf('\0') >= 0 || options.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("program source and options cannot contain NUL characters");
        }
        ensureOpen();
        requireMember(device);
        ProgramKey key = new ProgramKey(source, options, device.id().address());
        synchronized (programs) {
            ClProgram cached = programs.get(key);
            if (cached != null && !cached.isClosed()) {
                return cached;
            }
            ClProgram built = adopt(ClProgram.build(this, source, options, device));
            programs.put(key, built);
            return built;
        }
    }

    /**
     * A buffer in device memory, read and written from the host by explicit
     * {@link ClQueue#write}/{@link ClQueue#read} copies.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive or exceeds a device's
     *                                  {@link ClDevice#maxMemAllocBytes()}
     */
    public ClBuffer deviceBuffer(long bytes, ClAccess access) {
        requirePositive(bytes, "bytes");
        Objects.requireNonNull(access, "access");
        requireAllocatable(bytes);
        ensureOpen();
        return adopt(ClBuffer.onDevice(this, bytes, access));
    }

    /**
     * A buffer over {@code segment} itself ({@code CL_MEM_USE_HOST_PTR}). On a device with
     * {@linkplain ClDevice#hostUnifiedMemory() host-unified memory} (PoCL, integrated GPUs) kernels
     * then work in the segment directly: their writes are in it after the command finishes, with
     * no copy. Other devices may cache the data; {@linkplain ClQueue#map map} the buffer to see
     * their writes.
     *
     * <p>The segment must be native, alive for as long as the buffer is used, and aligned to
     * {@link #hostAlignment()} bytes ({@code CL_DEVICE_MEM_BASE_ADDR_ALIGN}; 128 on PoCL); drivers
     * that cannot use a misaligned pointer in place silently copy instead, so misalignment is
     * refused here. {@link #allocateHost(long)} or {@code arena.allocate(bytes, hostAlignment())}
     * give such memory. Some GPU drivers want more for zero-copy (Intel: a 4096-byte aligned
     * address and a size that is a multiple of 64).
     *
     * @throws IllegalArgumentException if the segment is on the heap, empty, misaligned, too large,
     *                                  or read-only while {@code access} lets kernels write
     * @throws IllegalStateException    if the segment's arena is closed
     */
    public ClBuffer hostBuffer(MemorySegment segment, ClAccess access) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(access, "access");
        if (!segment.isNative()) {
            throw new IllegalArgumentException("a host buffer needs a native segment (from an Arena), not a heap segment");
        }
        if (!segment.scope().isAlive()) {
            throw new IllegalStateException("the segment's arena is closed");
        }
        requirePositive(segment.byteSize(), "segment size");
        if (segment.address() % hostAlignment != 0) {
            throw new IllegalArgumentException("the segment at 0x%x is not aligned to %d bytes (CL_DEVICE_MEM_BASE_ADDR_ALIGN): allocate it with context.allocateHost(size) or arena.allocate(size, %d)"
                    .formatted(segment.address(), hostAlignment, hostAlignment));
        }
        if (segment.isReadOnly() && access.writes()) {
            throw new IllegalArgumentException("the segment is read-only but the buffer's access is " + access);
        }
        requireAllocatable(segment.byteSize());
        ensureOpen();
        return adopt(ClBuffer.overHost(this, segment, access));
    }

    /**
     * Uses a {@code cl_mem} another runtime (a model runtime, say) created in this same context.
     * The wrapper holds one reference ({@code clRetainMemObject}) while open and gives it back on
     * close; the object itself stays the other runtime's.
     *
     * @param clMem a live {@code cl_mem} handle of this context
     * @throws IllegalArgumentException if the handle is NULL or belongs to another context
     */
    public ClBuffer externalBuffer(MemorySegment clMem) {
        Objects.requireNonNull(clMem, "clMem");
        if (clMem.address() == 0) {
            throw new IllegalArgumentException("the cl_mem handle is NULL");
        }
        ensureOpen();
        return adopt(ClBuffer.external(this, clMem));
    }

    /** Registers a child so that closing the context closes it. */
    <T extends ClObject> T adopt(T child) {
        children.add(child);
        if (isClosed()) { // closed concurrently: do not leak the new child
            child.closeWithContext();
            ensureOpen();
        }
        return child;
    }

    void forget(ClObject child) {
        children.remove(child);
        if (child instanceof ClProgram program) {
            synchronized (programs) {
                programs.remove(new ProgramKey(program.source(), program.options(), program.device().id().address()), program);
            }
        }
    }

    ClDevice requireMember(ClDevice device) {
        Objects.requireNonNull(device, "device");
        for (ClDevice member : devices) {
            if (member.sameDevice(device)) {
                return member;
            }
        }
        throw new IllegalArgumentException("device " + device.name() + " is not in this context");
    }

    /** @throws IllegalArgumentException unless {@code other} is this context */
    void requireSame(ClContext other, String what) {
        if (other != this) {
            throw new IllegalArgumentException(what + " belongs to another ClContext");
        }
    }

    private void requireAllocatable(long bytes) {
        for (ClDevice device : devices) {
            if (bytes > device.maxMemAllocBytes()) {
                throw new IllegalArgumentException("%d bytes exceed the largest buffer %s allows (%d bytes, CL_DEVICE_MAX_MEM_ALLOC_SIZE)"
                        .formatted(bytes, device.name(), device.maxMemAllocBytes()));
            }
        }
    }

    static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    @Override
    void release() {
        List<ClObject> open = new ArrayList<>(children);
        open.sort(Comparator.comparingInt(ClObject::closeRank));
        RuntimeException failure = null;
        for (ClObject child : open) {
            try {
                child.closeWithContext();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        synchronized (programs) {
            programs.clear();
        }
        try {
            ClException.check(clReleaseContext(rawHandle()), "clReleaseContext");
        } finally {
            synchronized (this) {
                if (hostArena != null) {
                    hostArena.close();
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    String describe() {
        return "ClContext on " + devices.stream().map(ClDevice::name).toList();
    }
}
