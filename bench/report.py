"""docs/benchmarks.md from one run's numbers: targets first, then each benchmark and its method.

The findings in bench/findings.md (why a target is missed, what the profile shows) are written
by hand after reading a run and are included as they are.
"""

from __future__ import annotations

from pathlib import Path

FINDINGS = Path(__file__).with_name("findings.md")


def _ms(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1f} ms"


def _s(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1f} s"


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "**missed**")


def targets(r: dict) -> list[tuple[str, str, str]]:
    warm = r.get("warm")
    ingest = r.get("ingest")
    load = r.get("load")
    at100k = next((row for row in r.get("scale") or [] if row["passages"] == 100_000), None)
    ten = next((lv for lv in (load or {}).get("levels", []) if lv["clients"] == 10), None)
    rows = [
        (
            "Warm ask median < 60 ms (shipped corpus)",
            _ms(warm and warm["wall_ms"]["median"]),
            _verdict(warm and warm["wall_ms"]["median"] < 60),
        ),
        (
            "Warm ask p95 < 150 ms",
            _ms(warm and warm["wall_ms"]["p95"]),
            _verdict(warm and warm["wall_ms"]["p95"] < 150),
        ),
        (
            "Ingest of the shipped corpus < 30 s (CLI, start to finish)",
            _s(ingest and ingest["full"]["wall_s"]),
            _verdict(ingest and ingest["full"]["wall_s"] < 30),
        ),
        (
            "No-op re-run < 3 s (CLI, start to finish)",
            _s(ingest and ingest["noop"]["wall_s"]),
            _verdict(ingest and ingest["noop"]["wall_s"] < 3),
        ),
        (
            "100k passages: ask p95 < 250 ms",
            _ms(at100k and at100k["ask_ms"]["p95"]),
            _verdict(at100k and at100k["ask_ms"]["p95"] < 250),
        ),
        (
            "API >= 25 answers/s at 10 concurrent clients, no errors",
            f"{ten['per_second']:.1f}/s, {ten['errors']} errors" if ten else "n/a",
            _verdict(ten and ten["per_second"] >= 25 and ten["errors"] == 0),
        ),
        (
            "API RSS < 1.5 GB (most seen under load)",
            f"{max(lv['rss_mb'] for lv in load['levels']):.0f} MB" if load else "n/a",
            _verdict(load and max(lv["rss_mb"] for lv in load["levels"]) < 1536),
        ),
    ]
    return rows


def write_report(r: dict, out: Path) -> None:
    m = r["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Measured by `make bench` (`python -m bench`); every number below comes from the runs "
        "dated under \"Sections measured\", and `benchmarks.json` beside this file holds them "
        "all. Benchmarks are scripts, never timed assertions in tests.",
        "",
        "## Machine",
        "",
        f"- Date: {m['date']}, commit {m['commit']}",
        f"- CPU: {m['cpu']}, {m['cores']} cores available; {m['memory_gb']} GB memory",
        f"- {m['os']}, Python {m['python']}",
        f"- Load average at start {m['load_average']}, at end {m.get('load_average_end')}"
        " (1, 5, 15 min; anything above the core count means other work shared the CPU)",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        "- Sections measured: "
        + ", ".join(f"{k} {v}" for k, v in (r.get("measured") or {}).items()),
        f"- Model load in process: {_s(r.get('model_load_s'))}"
        + (" (quick run: smaller scale curve and shorter load runs)" if r.get("quick") else ""),
        "",
        "## Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in targets(r)],
        "",
    ]
    if FINDINGS.exists():
        lines += [FINDINGS.read_text(encoding="utf-8").strip(), ""]
    lines += _warm(r) + _cold(r) + _ingest(r) + _load(r) + _scale(r)
    out.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


def _warm(r: dict) -> list[str]:
    warm = r.get("warm")
    if not warm:
        return []
    names = {
        "embed": "query embedding",
        "dense": "vector search (Chroma)",
        "bm25": "BM25",
        "evidence": "evidence selection",
        "other": "composition and the rest of retrieval (fusion, views, answer text)",
        "framework": "question checks, LCEL, building the Answer",
    }
    lines = [
        "## Warm ask",
        "",
        f"Method: one process, model and index loaded, {warm['asks']} questions from "
        f"{warm['questions']}, each asked once after five warm-up questions; the query-embedding "
        "memo is cleared before each so every answer pays for its embedding. Steps come from "
        "`Answer.timings_ms`.",
        "",
        "| | median | p95 | max |",
        "|---|---|---|---|",
        f"| wall clock | {_ms(warm['wall_ms']['median'])} | {_ms(warm['wall_ms']['p95'])} | "
        f"{_ms(warm['wall_ms']['max'])} |",
        f"| CPU time of the process | {_ms(warm['cpu_ms']['median'])} | "
        f"{_ms(warm['cpu_ms']['p95'])} | {_ms(warm['cpu_ms']['max'])} |",
        "",
        "| step | share of the time | mean per answer |",
        "|---|---|---|",
        *[
            f"| {names[k]} | {warm['share'][k] * 100:.0f}% | {_ms(warm['mean_ms'][k])} |"
            for k in names
        ],
        "",
        "Slowest questions: "
        + "; ".join(f"{q!r} {ms:.0f} ms" for q, ms, _ in warm["slowest"])
        + ".",
        "",
    ]
    plain = r.get("plain")
    if plain:
        ours = plain.get("ours_wall_ms", warm["wall_ms"])
        ratio = ours["median"] / plain["wall_ms"]["median"]
        lines += [
            "### The plain LangChain baseline",
            "",
            "eval/plain.py (1000-character chunks, top 4 by dense similarity, the first chunk as "
            "the answer) and the assistant asked in turn, question by question, in one process: "
            f"plain median {_ms(plain['wall_ms']['median'])} (p95 {_ms(plain['wall_ms']['p95'])}),"
            f" assistant median {_ms(ours['median'])} (p95 {_ms(ours['p95'])}). Ratio of "
            f"medians, assistant / plain: **{ratio:.2f}**. The plain pipeline does one "
            "embedding and one Chroma search; the assistant adds BM25, fusion, sentence "
            "selection and a cited answer.",
            "",
        ]
    if r.get("profile"):
        lines += [
            "### Profile of the warm question set (cProfile, by own time)",
            "",
            "```",
            r["profile"],
            "```",
            "",
        ]
    return lines


def _cold(r: dict) -> list[str]:
    cli, api = r.get("cold_cli"), r.get("cold_api")
    if not cli and not api:
        return []
    lines = ["## Cold start", ""]
    if cli:
        lines.append(
            f"- CLI, `python -m assistant ask QUESTION --json`, process start to exit (median of "
            f"{cli['runs']}): {_s(cli['wall_s'])} wall, {_s(cli['cpu_s'])} CPU."
        )
    if api:
        lines.append(
            f"- API, `python -m assistant serve`, process start to /readyz ready: "
            f"{_s(api['ready_s'])}; to the first answer: {_s(api['first_answer_s'])} (median of "
            f"{api['runs']}); RSS then {api['rss_mb']:.0f} MB."
        )
    return [*lines, ""]


def _ingest(r: dict) -> list[str]:
    ing = r.get("ingest")
    if not ing:
        return []
    build = r.get("build_in_process", {})
    return [
        "## Ingest",
        "",
        "Each a fresh `python -m assistant ingest` process (start to exit, so including "
        "imports and, when anything must be embedded, the model load) into a scratch folder. "
        "'Inside' is the build's own time as the CLI reports it.",
        "",
        "| run | wall | CPU | inside |",
        "|---|---|---|---|",
        f"| full build, shipped corpus ({ing['passages']} passages) | {_s(ing['full']['wall_s'])}"
        f" | {_s(ing['full']['cpu_s'])} | {_s(ing['full']['inside_s'])} |",
        f"| add one new document (bench/added-document.md) | {_s(ing['add_one']['wall_s'])} | "
        f"{_s(ing['add_one']['cpu_s'])} | {_s(ing['add_one']['inside_s'])} |",
        f"| re-run, nothing changed | {_s(ing['noop']['wall_s'])} | "
        f"{_s(ing['noop']['cpu_s'])} | |",
        "",
        f"In process with the model already loaded, the full build took "
        f"{_s(build.get('seconds'))}.",
        "",
    ]


def _load(r: dict) -> list[str]:
    load = r.get("load")
    if not load:
        return []
    rows = []
    for lv in load["levels"]:
        lat = lv["latency_ms"] or {}
        kinds = ", ".join(f"{k}: {v}" for k, v in lv["error_kinds"].items()) or "none"
        rows.append(
            f"| {lv['clients']} | {lv['per_second']:.1f} | {_ms(lat.get('median'))} | "
            f"{_ms(lat.get('p95'))} | {lv['errors']} ({kinds}) | {lv['rss_mb']:.0f} MB |"
        )
    return [
        "## The API under load",
        "",
        f"Method: `python -m assistant serve` ({load['workers']} worker, rate limit off) on "
        "loopback; a bounded asyncio httpx client in a second process keeps N requests in "
        f"flight to /v1/ask for {load['levels'][0]['seconds']:.0f} s per level, cycling through "
        "the question set, each request numbered so that none is served from the "
        "query-embedding memo. RSS is the server's, sampled every half second.",
        "",
        "| clients | answers/s | median | p95 | errors | server RSS |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        f"Server peak RSS over the whole run: {load['server_peak_rss_mb']:.0f} MB.",
        "",
    ]


def _scale(r: dict) -> list[str]:
    rows = r.get("scale")
    if not rows:
        return []
    body = [
        f"| {row['passages']:,} | {_s(row['build_s'])} | {row['disk_mb']:.0f} MB | "
        f"{_s(row['open_s'])} | {_ms(row['ask_ms']['median'])} | {_ms(row['ask_ms']['p95'])} | "
        f"{row['step_median_ms']['dense']:.1f} / {row['step_median_ms']['bm25']:.1f} / "
        f"{row['step_median_ms']['evidence']:.1f} ms | {row['rss_mb']:.0f} MB |"
        for row in rows
    ]
    return [
        "## Scale",
        "",
        "Method: see bench/scale.py. Synthetic passages of five real sentences each, with "
        "generated vectors (the mean of the sentences' real vectors plus noise), written by the "
        "same code as a real build; 'build' is writing the stores (Chroma, BM25, files), not "
        "embedding. A fresh process opens each index and answers the question set warm, "
        "embedding every question for real. RSS is that serving process's after the run.",
        "",
        "| passages | build | disk | open + first answer | ask median | ask p95 | "
        "median dense / BM25 / evidence | RSS |",
        "|---|---|---|---|---|---|---|---|",
        *body,
        "",
    ]
