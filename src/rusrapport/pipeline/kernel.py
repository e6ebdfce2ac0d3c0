"""A kernel manager that talks to its kernel over IPC (Unix sockets) instead of TCP ports.

Kernels started at the same moment pick free TCP ports by binding and releasing them, and two
of them can pick the same port. IPC endpoints are socket files; each kernel gets its own fresh
folder for them, so parallel chapters cannot collide (and nothing listens on the network).
"""

from __future__ import annotations

import os
import tempfile

from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum, default


class IPCKernelManager(AsyncKernelManager):
    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    @default("ip")
    def _unique_ipc_path(self) -> str:
        # Short on purpose: a Unix socket path may not exceed about 100 characters.
        return os.path.join(tempfile.mkdtemp(prefix="rrk-"), "k")
