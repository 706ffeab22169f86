package hall.council.client;

import com.google.protobuf.InvalidProtocolBufferException;
import council.v1.Frame;
import council.v1.Status;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Frames on the wire (PROTOCOL.md §2): a 4-byte big-endian length, then one encoded {@code council.v1.Frame}. */
public final class Wire {
    public static final int PROTOCOL_VERSION = 1;
    public static final int DEFAULT_PORT = 7420;
    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

    private Wire() {}

    /** The frame with its length prefix, ready to write. */
    public static byte[] encode(Frame frame) {
        byte[] payload = frame.toByteArray();
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    /**
     * Reads one frame; null at a clean end of the stream (before the first byte of a frame). A length above
     * {@code maxFrameBytes} is refused before any payload is read (RESOURCE_EXHAUSTED {@code frameTooLarge}); bytes
     * that are no valid frame are INTERNAL {@code malformedFrame}; an end inside a frame is UNAVAILABLE
     * {@code connectionClosed}.
     */
    public static Frame read(InputStream in, int maxFrameBytes) throws IOException {
        return read(in, maxFrameBytes, null);
    }

    /** As {@link #read(InputStream, int)}; {@code firstByte} runs once a frame's first byte has arrived (the client
     *  starts the frame read timeout there). */
    static Frame read(InputStream in, int maxFrameBytes, Runnable firstByte) throws IOException {
        DataInputStream data = in instanceof DataInputStream ? (DataInputStream) in : new DataInputStream(in);
        int first = data.read();
        if (first < 0) {
            return null;
        }
        if (firstByte != null) {
            firstByte.run();
        }
        byte[] rest = new byte[3];
        byte[] payload;
        try {
            data.readFully(rest);
            long length = ((long) first << 24) | ((rest[0] & 0xFFL) << 16) | ((rest[1] & 0xFFL) << 8) | (rest[2] & 0xFFL);
            if (length > maxFrameBytes) {
                throw new FrameTooLarge(length, maxFrameBytes);
            }
            payload = new byte[(int) length];
            data.readFully(payload);
        } catch (EOFException e) {
            throw CouncilException.local(Status.Code.UNAVAILABLE, CouncilException.CONNECTION_CLOSED,
                    "the connection ended inside a frame (truncated frame)");
        }
        return decode(payload);
    }

    /** Parses a frame's payload (without the length). */
    public static Frame decode(byte[] payload) {
        if (payload.length == 0) {
            throw CouncilException.local(Status.Code.INTERNAL, CouncilException.MALFORMED_FRAME,
                    "the server sent an empty frame");
        }
        try {
            return Frame.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw CouncilException.local(Status.Code.INTERNAL, CouncilException.MALFORMED_FRAME,
                    "the server sent a frame that is not a valid council.v1.Frame: " + e.getMessage());
        }
    }

    /** Whether a frame header's length is really the start of a TLS record (an alert or handshake, version 3.x):
     *  what a TLS server answers a client speaking plain TCP. */
    static boolean looksLikeTls(long length) {
        long type = length >>> 24;
        return (type == 0x15 || type == 0x16) && ((length >>> 16) & 0xFF) == 0x03;
    }

    /** RESOURCE_EXHAUSTED {@code frameTooLarge}, with the announced length. */
    static final class FrameTooLarge extends CouncilException {
        private static final long serialVersionUID = 1L;
        final long length;

        FrameTooLarge(long length, int limit) {
            super(Status.Code.RESOURCE_EXHAUSTED, FRAME_TOO_LARGE, "the server announced a frame of " + length
                    + " bytes; the limit is " + limit, "", null, java.util.List.of(), false,
                    Status.Code.RESOURCE_EXHAUSTED.getNumber());
            this.length = length;
        }
    }
}
