"""North Korean state media (KCNA, Rodong Sinmun, Naenara, Voice of Korea) and their mirrors:
datelines, the "-0-" end mark, Juche dates, leaders' names set in their own markup."""

from __future__ import annotations

from dataclasses import replace

from crawler.sites.generic import GENERIC

STATE_MEDIA = replace(
    GENERIC,
    name="state-media",
    domains=(
        "kcna.kp",
        "kcna.co.jp",
        "rodong.rep.kp",
        "naenara.com.kp",
        "vok.rep.kp",
        "uriminzokkiri.com",
        "dprktoday.com",
        "minzu.rep.kp",
        "kcnawatch.org",
    ),
    state_media_copy=True,
    timezone="Asia/Pyongyang",
)
