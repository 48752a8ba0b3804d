"""Time crawler.dates.find_dates over ~1 MB of article-like text, since it runs on every article body.

Run from the repo root:  .venv/bin/python benchmarks/bench_dates.py [--mb 1.0] [--repeat 5]

The corpus is built from sentences shaped like KCNA / Rodong Sinmun / Naenara /
Voice of Korea copy (English and Korean), most of them dateless as in real
articles. Variants: plain article-like text (the fast path), the same text with
full-width digits and NBSPs (which forces the per-character NFKC offset map), a
stress text where every sentence holds a date, and Korean-only text.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.dates import find_dates  # noqa: E402

DATED = [
    "Pyongyang, October 10 (KCNA) -- The respected Comrade Kim Jong Un visited the Kumsusan Palace of the Sun.",
    "Therefore, Kim Jong Un organized a short course for chief secretaries of city and county Party committees "
    "in March Juche 110 (2021).",
    "The Sixth Conference of Cell Secretaries took place in early April last year.",
    "October 10, Juche 110 (2021) was the 76th founding anniversary of the WPK.",
    "Rodong Sinmun Feb. 11, Juche 111 (2022) Friday carried an editorial calling for greater efforts.",
    "The monument was unveiled on 10 October, Juche 110 (2021), in the presence of senior officials.",
    "A national meeting was held on Sept. 5, 2021 to mark the occasion with great splendor.",
    "www.kcna.kp (Juche113.8.4.)",
    "The plenary meeting reviewed the implementation of the decisions adopted at the 8th Congress this year.",
    "Kim Yo Jong, vice department director of the Central Committee, released a press statement on July 14.",
    "The exhibition, which opened on 2024.11.1., displays more than 300 pieces of handicraft.",
    "The performance, held on Sunday, October 10, 2021, was enjoyed by tens of thousands of citizens.",
    "Published: 2021-10-10T08:30:00+09:00 by the Voice of Korea.",
    "The meeting of the Political Bureau will be convened in mid-June next year, according to the report.",
]

UNDATED = [
    "The leadership ability and fighting efficiency of the WPK could be radically improved thanks to the "
    "precious guideline.",
    "Working people across the country are waging a vigorous drive to carry out the tasks set forth at the "
    "plenary meeting.",
    "Officials, Party members and other working people laid floral baskets before the statues of the great leaders.",
    "The DPRK Foreign Ministry released the following press statement on Sunday after the hostile forces staged "
    "joint drills.",
    "Farmers of the cooperative farm have harvested 1,250 tons of grain, 30 percent more than the previous year.",
    "Delegations from 120 countries sent congratulatory messages and floral baskets to the venue.",
    "The new houses at 15 farms were built in the framework of the rural revolution programme.",
    "The satellite was launched at 10:42 from the Sohae Satellite Launching Ground.",
    "Scientists and technicians of the institute have developed 12 new kinds of fertilizer in recent years.",
    "Sports players won 5 gold, 3 silver and 2 bronze medals at the international tournament.",
    "He stressed the need to thoroughly implement the Party's policy of attaching importance to science and "
    "technology.",
    "The speakers said that the fighting spirit of the army and people is growing stronger as the days go by.",
    "Machine-building factories are turning out more tractors, trucks and other farm machines in time for the "
    "season.",
    "The construction of 10,000 flats in the Hwasong area is making rapid progress thanks to the builders' "
    "devoted efforts.",
    "Also present were leading officials of the Central Committee and the Cabinet, and commanding officers of "
    "the army.",
    "The article noted that the socialist system centred on the popular masses is the most advantageous one.",
    "Lecturers and students of Kim Il Sung University held a symposium on the achievements of the revolution.",
    "The visitors looked round the exhibits showing the history of the glorious struggle of the people.",
    "The fisheries stations along the east coast caught large quantities of fish, topping their quotas.",
    "Meanwhile, the respected Comrade Kim Jong Un acquainted himself with the production at the shop floor.",
    "Art troupes gave performances for the builders at construction sites in various parts of the country.",
    "It is the firm will of the Korean people to defend the sovereignty of the country with arms.",
    "The hospital has introduced a telemedicine system linking it with 200 provincial and county hospitals.",
    "Children of the kindergarten sang songs and danced, expressing their gratitude to the motherland.",
]

KOREAN = [
    "주체110(2021)년 10월 10일 조선로동당창건 76돐을 맞으며 경축행사가 진행되였다.",
    "경애하는 김정은동지께서 당중앙위원회 본부청사에서 열린 회의를 지도하시였다.",
    "2021년 10월 새 살림집들이 일떠섰다.",
    "전국의 근로자들은 당대회결정관철을 위한 투쟁에 한사람같이 떨쳐나섰다.",
    "주체110년 3월 평양에서 중요한 회의가 진행되였다.",
    "협동농장의 농업근로자들은 알곡생산에서 큰 성과를 이룩하였다.",
    "《로동신문》 주체113(2024)년 8월 4일 일요일",
    "과학자, 기술자들은 새로운 기술을 개발하여 생산에 도입하였다.",
    "인민경제 여러 부문에서 증산투쟁이 힘있게 벌어지고 있다.",
]


def build_corpus(sentences: list[str], target_bytes: int, seed: int = 1) -> str:
    """Concatenate shuffled sentences into paragraphs until the UTF-8 size reaches the target."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < target_bytes:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 7)))
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(parts)


def widen(text: str) -> str:
    """Full-width digits and NBSP after commas: what some CMS templates emit."""
    return text.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}).replace(", ", ",\u00a0")


def bench(name: str, text: str, repeat: int, reference: date) -> None:
    find_dates(text[:10_000], reference=reference)  # warm caches
    timings = []
    mentions = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        mentions = len(find_dates(text, reference=reference))
        timings.append(time.perf_counter() - t0)
    best, median = min(timings), statistics.median(timings)
    mb = len(text.encode("utf-8")) / 1e6
    print(
        f"{name:<20} {mb:5.2f} MB  {len(text):>9,} chars  {mentions:>6,} mentions  "
        f"median {median * 1000:7.1f} ms  {mb / median:6.2f} MB/s  "
        f"{mentions / median:>9,.0f} mentions/s  (best {mb / best:.2f} MB/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in MB of UTF-8")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    target = int(args.mb * 1e6)
    reference = date(2021, 10, 11)
    article_like = build_corpus(DATED + UNDATED * 3 + KOREAN, target)  # ~1 dated sentence in 5
    bench("article-like", article_like, args.repeat, reference)
    bench("full-width + NBSP", widen(article_like), args.repeat, reference)
    bench("date-dense (stress)", build_corpus(DATED, target, seed=3), args.repeat, reference)
    bench("Korean only", build_corpus(KOREAN, target, seed=2), args.repeat, reference)

if __name__ == "__main__":
    main()
