"""Story clustering quality: a generated repost corpus with known truth, filed through the archive.

Generates --articles distinct Chinese articles with the demo corpus (they share sentence templates,
topics and phrases, as articles of one region do) plus "topic siblings" (a new article that reuses one
paragraph of another), then --copies copies of each with the edits repost sites make: boilerplate
added or removed, one sentence changed, a paragraph dropped, the title decorated. Every copy goes
through ``Archive.add_page`` exactly as a crawled page would, on one of several sites. Prints pairwise
precision / recall / F1 of the resulting stories against the truth, the reasons copies joined, and
the insert rate. Targets: precision >= 0.99, recall >= 0.97.

    .venv/bin/python benchmarks/stories.py [--articles 5000] [--copies 4]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter, defaultdict
from math import comb
from pathlib import Path

from newsarchiver.archive import Archive
from newsarchiver.demo.corpus import ZH_REWORDINGS, StoryText
from newsarchiver.items import Article, CrawledPage

AD = "（广告）本地生活优惠券限时领取，详情请关注本站公众号。"
DISCLAIMER = "声明：本文转载自网络，仅供参考，如有侵权请联系删除。"
DECORATIONS = ("【转载】{}", "{}（图）", "{}_热点资讯", "重磅！{}")


def edited(rng: random.Random, title: str, paragraphs: list[str]) -> tuple[str, list[str], str]:
    """One repost of an article: one or two edits, named for the report."""
    paragraphs = list(paragraphs)
    names = []
    for edit in rng.sample(["boilerplate-added", "boilerplate-removed", "sentence-changed", "paragraph-dropped", "title-decorated"], rng.choice((1, 2))):
        if edit == "boilerplate-added":
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), AD)
            paragraphs.append(DISCLAIMER)
        elif edit == "boilerplate-removed" and len(paragraphs) > 2:
            paragraphs.pop()  # the original's closing line ("据悉…") left out
        elif edit == "sentence-changed":
            i = rng.randrange(len(paragraphs))
            head, sep, rest = paragraphs[i].partition("。")
            paragraphs[i] = rng.choice(ZH_REWORDINGS) + rest if sep else paragraphs[i]
        elif edit == "paragraph-dropped" and len(paragraphs) > 3:
            paragraphs.pop(rng.randrange(len(paragraphs)))
        elif edit == "title-decorated":
            title = rng.choice(DECORATIONS).format(title)
        names.append(edit)
    return title, paragraphs, "+".join(names)


def corpus(articles: int, copies: int, seed: int) -> list[tuple[int, str, str, list[str], str]]:
    """(truth article, site, title, paragraphs, edit) for every copy, in a shuffled crawl order."""
    rng = random.Random(seed)
    texts = []
    for i in range(articles):
        text = StoryText(f"bench-{seed}-{i}")
        paragraphs = list(text.paragraphs)
        if i % 10 == 9 and texts:  # a topic sibling: another article reusing one paragraph of an earlier one
            paragraphs[0] = rng.choice(texts[-1][1])
        texts.append((text.title, paragraphs))
    out = []
    for truth, (title, paragraphs) in enumerate(texts):
        out.append((truth, "origin.example", title, paragraphs, "original"))
        for n in range(copies - 1):
            out.append((truth, f"farm{rng.randrange(8)}.example", *edited(rng, title, paragraphs)))
    rng.shuffle(out)  # reposts are often crawled before their original
    return out


def pairwise(pred: dict[int, int], truth: dict[int, int]) -> tuple[float, float]:
    both = Counter((pred[c], truth[c]) for c in pred)
    tp = sum(comb(n, 2) for n in both.values())
    predicted = sum(comb(n, 2) for n in Counter(pred.values()).values())
    actual = sum(comb(n, 2) for n in Counter(truth.values()).values())
    return tp / predicted if predicted else 1.0, tp / actual if actual else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--copies", type=int, default=4, help="copies per article, the original included")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    items = corpus(args.articles, args.copies, args.seed)
    truth: dict[int, int] = {}
    edits: dict[int, str] = {}
    with tempfile.TemporaryDirectory() as tmp, Archive(Path(tmp) / "stories.db", threshold=args.threshold) as archive:
        started = time.perf_counter()
        archive.begin()
        for n, (article_id, site, title, paragraphs, edit) in enumerate(items):
            url = f"http://{site}/a/{n}.html"
            article = Article(url=url, title=title, body="\n\n".join(paragraphs), site_name=site, language="zh")
            archive.add_page(CrawledPage(article=article, url=url, fetched_at="2026-11-26T00:00:00+00:00"))
            if n % 500 == 499:
                archive.commit()
                archive.begin()
        archive.commit()
        elapsed = time.perf_counter() - started
        pred = {}
        reasons: Counter = Counter()
        for url, story_id, reason in archive.db.execute("SELECT url, story_id, story_reason FROM copies"):
            n = int(url.rsplit("/", 1)[1].split(".")[0])
            pred[n] = story_id
            reasons[reason] += 1
        for n, item in enumerate(items):
            truth[n], edits[n] = item[0], item[4]
        stories = archive.db.execute("SELECT count(*) FROM stories").fetchone()[0]
    precision, recall = pairwise(pred, truth)
    # recall per edit kind: is each copy in the story of its article's original?
    original_story = {truth[n]: pred[n] for n in pred if edits[n] == "original"}
    by_edit: dict[str, list[bool]] = defaultdict(list)
    for n in pred:
        if edits[n] != "original":
            for kind in edits[n].split("+"):
                by_edit[kind].append(pred[n] == original_story[truth[n]])
    print(f"{len(items)} copies of {args.articles} articles ({args.articles // 10} topic siblings) -> {stories} stories")
    print("| metric | value | target |")
    print("|---|---:|---:|")
    print(f"| pairwise precision | {precision:.4f} | >= 0.99 |")
    print(f"| pairwise recall | {recall:.4f} | >= 0.97 |")
    print(f"| F1 | {2 * precision * recall / (precision + recall):.4f} | |")
    for kind, joined in sorted(by_edit.items()):
        print(f"| copies with '{kind}' in the original's story | {sum(joined) / len(joined):.4f} ({len(joined)}) | |")
    print(f"| insert rate (add_page, all steps) | {len(items) / elapsed:.0f} copies/s | |")
    print("joined by: " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))


if __name__ == "__main__":
    main()
