#!/usr/bin/env python3
"""Loopback feed server for the poll benchmark.

usage: serve.py DIR PORT

Serves DIR/*.xml (loaded into memory at start) on 127.0.0.1:PORT with HTTP/1.1 keep-alive,
a strong ETag per file and one Last-Modified for all; If-None-Match (which wins when present,
RFC 9110 13.2.2) or If-Modified-Since answer 304. GET /__stats returns the counts of 200 and
304 responses and connections so far, as JSON. Prints "ready" on stdout once listening.
"""
import hashlib
import json
import os
import socket
import sys
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DIR, PORT = sys.argv[1], int(sys.argv[2])
MTIME = int(time.time()) - 86400
LAST_MODIFIED = formatdate(MTIME, usegmt=True)
DOCS = {}
for name in os.listdir(DIR):
    if name.endswith(".xml"):
        with open(os.path.join(DIR, name), "rb") as fh:
            body = fh.read()
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        head = (f"Content-Type: application/rss+xml; charset=utf-8\r\nContent-Length: {len(body)}\r\n"
                f"ETag: {etag}\r\nLast-Modified: {LAST_MODIFIED}\r\n").encode()
        DOCS["/" + name] = (etag, head, body)

STATS = {"200": 0, "304": 0, "404": 0, "connections": 0}
LOCK = threading.Lock()


def count(key):
    with LOCK:
        STATS[key] += 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "gw-bench"
    sys_version = ""

    def setup(self):
        super().setup()
        # One write per response plus no Nagle: no 40 ms delayed-ACK stalls on keep-alive.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        count("connections")

    def log_message(self, *args):
        pass

    def send(self, status, head=b"", body=b""):
        line = {200: b"200 OK", 304: b"304 Not Modified", 404: b"404 Not Found"}[status]
        self.wfile.write(b"HTTP/1.1 " + line + b"\r\nServer: gw-bench\r\n" + head + b"\r\n" + body)
        count(str(status))

    def do_HEAD(self):
        self.do_GET(head_only=True)

    def do_GET(self, head_only=False):
        path = self.path.split("?", 1)[0]
        if path == "/__stats":
            with LOCK:
                body = json.dumps(STATS).encode()
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                             + str(len(body)).encode() + b"\r\n\r\n" + body)
            return
        doc = DOCS.get(path)
        if doc is None:
            self.send(404, b"Content-Length: 0\r\n")
            return
        etag, head, body = doc
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        fresh = False
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            fresh = "*" in tags or etag in tags or ("W/" + etag) in tags
        elif ims is not None:
            try:
                fresh = parsedate_to_datetime(ims).timestamp() >= MTIME
            except (TypeError, ValueError):
                fresh = False
        if fresh:
            self.send(304, f"ETag: {etag}\r\nLast-Modified: {LAST_MODIFIED}\r\n".encode())
        else:
            self.send(200, head, b"" if head_only else body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the default backlog (5) drops SYNs under 64 parallel connects
    allow_reuse_address = True


if __name__ == "__main__":
    srv = Server(("127.0.0.1", PORT), Handler)
    print(f"ready {len(DOCS)} docs", flush=True)
    try:
        srv.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
