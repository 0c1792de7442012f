"""Per-member message rates on a room's sockets: a token bucket per socket, refilled at `rate` per second up to
`burst`, so a short flurry (ICE candidates, a pasted list of messages) passes and a flood does not."""
from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    rate: float
    burst: float
    tokens: float = -1.0
    last: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.burst

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True
