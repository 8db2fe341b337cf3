#!/usr/bin/env python3
"""The engine's side of --console-socket, as conmon does it.

  console_recv.py SOCKET OUT [INPUT]

Listens on the unix socket SOCKET, takes one connection, checks that it
carries exactly one fd and that it is a pty master, writes INPUT to it,
then copies what comes out of it to the file OUT until EOF (the last
process holding the slave is gone). Prints "ready" once listening.
"""
import array
import fcntl
import os
import socket
import sys

# <asm-generic/ioctls.h> _IOR('T', 0x30, unsigned int): only a master has one.
TIOCGPTN = 0x80045430


def main():
    path, out = sys.argv[1], sys.argv[2]
    data = sys.argv[3].encode() if len(sys.argv) > 3 else b""
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(1)
    print("ready", flush=True)
    conn, _ = srv.accept()
    fds = array.array("i")
    msg, anc, _, _ = conn.recvmsg(4096, socket.CMSG_SPACE(8 * 4))
    for level, kind, payload in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[:len(payload) - len(payload) % 4])
    with open(out + ".meta", "w") as f:
        f.write("fds=%d name=%s\n" % (len(fds), msg.decode(errors="replace")))
        if len(fds) == 1:
            try:
                fcntl.ioctl(fds[0], TIOCGPTN, b"\0\0\0\0")
                f.write("master=yes\n")
            except OSError as e:
                f.write("master=no %s\n" % e)
    if len(fds) != 1:
        sys.exit(1)
    m = fds[0]
    if data:
        os.write(m, data)
    with open(out, "wb") as f:
        while True:
            try:
                chunk = os.read(m, 4096)
            except OSError:
                break
            if not chunk:
                break
            f.write(chunk)
            f.flush()


main()
