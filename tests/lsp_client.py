"""A small Language Server Protocol client over stdio, for testing the real yaml-language-server.

Messages are JSON with a Content-Length header (the LSP base protocol).  A reader thread puts every
message the server sends on a queue; ``request`` waits for the answer to one request, and
``notification`` for the next notification of a method, each with a timeout, so that a server
that stops answering fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any


class LanguageServer:
    def __init__(self, command: list[str], root: Path) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.pending: list[dict[str, Any]] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(),
                                    "capabilities": {"textDocument": {"completion": {
                                        "completionItem": {"documentationFormat": ["plaintext"]}}}},
                                    "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}]})
        self.notify("initialized", {})

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def _next(self, wanted: Any, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for message in list(self.pending):
            if wanted(message):
                self.pending.remove(message)
                return message
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the language server did not answer in time")
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if "id" in message and "method" in message:  # a request of the server (configuration, ...)
                self._send({"id": message["id"], "result": [None] * len(message.get("params", {}).get("items", []))
                            if message["method"] == "workspace/configuration" else None})
            elif wanted(message):
                return message
            else:
                self.pending.append(message)

    def request(self, method: str, params: dict[str, Any], timeout: float = 60) -> Any:
        self.next_id += 1
        number = self.next_id
        self._send({"id": number, "method": method, "params": params})
        answer = self._next(lambda m: m.get("id") == number and "method" not in m, timeout)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result")

    def notification(self, method: str, match: Any = lambda params: True, timeout: float = 60) -> Any:
        return self._next(lambda m: m.get("method") == method and match(m.get("params")), timeout)["params"]

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
            self.process.wait()
        finally:
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()
