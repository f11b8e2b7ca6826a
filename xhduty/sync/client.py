"""One sync of a station with its hub: hello, push, pull, then prove by digest that nothing is missing.

1. ``hello`` tells how far the hub has this station's changes (``last_seq``) and whether the station's
   pull cursor still names the same change in the hub's log — a hub restored from an older backup does
   not, and the station then pulls from zero again (duplicates are skipped by change id).
2. Push own changes in ``station_seq`` order, in batches, from the lower of what the hub reports and what
   it last confirmed: a hub that lost changes gets them again, and a station whose answer was lost in
   transit learns about refusals by re-sending (the hub answers a re-sent change the same way).
3. Pull pages after the cursor; each page is applied with the merge rules and the cursor saved in ONE
   transaction, so a station killed mid-pull resumes where its last page committed.
4. Compare per-table counts and digests with the hub; on a mismatch re-pull from zero and compare again.
   The sets compared are fixed by (cursor, pushed sequence), so a sync that moved nothing and stands where
   the last comparison succeeded does not repeat it (that keeps a sync with nothing to do under 100 ms).
"""

from __future__ import annotations

import concurrent.futures
import functools
import json
import os
import re
import ssl
from pathlib import Path
from typing import Callable

import httpx
import orjson
import pydantic

from xhduty.core import clock, oserrors
from xhduty.core.store import Store, StoreError, collections_paused
from xhduty.sync import digest, network, reasons, recovery, state
from xhduty.sync.protocol import (MAX_BATCH, MAX_PAGE, WIRE_JSON, DigestResponse, Hello, OwnResponse, PullResponse,
                                  PushResponse, batch_body)

PUSH_BATCH = MAX_BATCH     # the most the hub takes in one request: fewer round trips
PULL_PAGE = MAX_PAGE       # one transaction (and one fsync) per 5,000 changes pulled
TRANSIENT = 409  # out of sequence or not yet possible: retried by the next sync
Progress = Callable[[str, int, "int | None"], None]   # see run_sync


def _quiet(stage: str, done: int, total: int | None) -> None:
    """The progress of a sync nobody watches."""


class SyncError(StoreError):
    """The sync could not be completed (hub unreachable, token refused …); message in Chinese."""


CA_ADVICE = ("如本单位使用自己的证书颁发机构（CA），请向信息部门索取 CA 证书文件（.cer/.crt/.pem 均可），"
             "在“同步设置”的“CA 证书文件”中选择，或运行 xhduty sync --ca-file 文件路径")


@functools.cache
def tls_context(ca_file: str | None = None, ca_stamp: float | None = None) -> ssl.SSLContext:
    """Made once per CA file version (``ca_stamp`` = its mtime): loading the certificate store costs ~40 ms,
    too much for every background sync.  Honours SSL_CERT_FILE / SSL_CERT_DIR, and adds ``ca_file`` — the
    station's “CA 证书文件” setting, PEM or DER (the ``.cer`` files IT hands out are often DER).
    Raises SyncError (Chinese) when the file cannot be read or holds no certificate."""
    context = httpx.create_ssl_context()
    if ca_file:
        try:
            with open(ca_file, "rb") as f:
                data = f.read()
        except OSError as exc:
            raise SyncError(f"无法读取同步设置中的 CA 证书文件 {ca_file}：{oserrors.file_problem(exc)}") from None
        try:
            if b"-----BEGIN" in data:
                context.load_verify_locations(cadata=data.decode("ascii", "replace"))
            else:                                       # DER: binary, one certificate
                context.load_verify_locations(cadata=data)
        except (ssl.SSLError, ValueError):
            raise SyncError(f"同步设置中的 CA 证书文件 {ca_file} 不是证书（应为 PEM 或 DER 格式的 CA 证书）") from None
    return context


def _station_tls(ca_file: str | None) -> ssl.SSLContext:
    try:
        stamp = os.stat(ca_file).st_mtime if ca_file else None
    except OSError:
        stamp = None
    return tls_context(ca_file or None, stamp)


class HubClient:
    """The protocol's HTTP calls; every failure — building the client, connecting, reading the answer —
    becomes a :class:`SyncError` in Chinese naming the likely cause and what to do.

    ``proxy`` is the station's proxy setting (see :mod:`xhduty.sync.network`), ``ca_file`` its extra CA,
    ``log_home`` the station's data folder, whose ``logs/sync.log`` gets the libraries' own words."""

    def __init__(self, url: str, token: str, transport: httpx.BaseTransport | None = None, timeout: float = 30,
                 proxy: str | None = None, ca_file: str | None = None, log_home: Path | None = None):
        self.url = url
        self.log_home = log_home
        try:
            self.proxy = network.proxy_for(url, proxy)
        except StoreError as exc:
            raise SyncError(str(exc)) from None
        try:
            self.http = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"},
                                     transport=transport, timeout=timeout, verify=_station_tls(ca_file),
                                     proxy=self.proxy, trust_env=False)
        except SyncError:
            raise
        except Exception as exc:                         # e.g. a proxy scheme httpx does not speak
            reasons.logged(log_home, f"building the client for {url} (proxy {network.shown(self.proxy)})", exc)
            raise SyncError(f"无法按同步设置建立连接（代理 {network.shown(self.proxy)}）：该代理地址无法使用。"
                            "请在同步设置中核对代理（none / system / 代理地址）") from None

    def __enter__(self) -> "HubClient":
        return self

    def __exit__(self, *exc) -> None:
        self.http.close()

    def _call(self, method: str, path: str, **kw) -> dict:
        try:
            response = self.http.request(method, path, **kw)
        except Exception as exc:
            reasons.logged(self.log_home, f"{method} {self.url}{path}", exc)
            raise SyncError(self._failure(exc)) from None
        via = f"代理服务器 {network.shown(self.proxy)}" if self.proxy else ""
        if self.proxy and response.status_code == 407:
            raise SyncError(f"{via}要求登录（407）：请在代理地址中写上用户名和密码，如 http://用户名:密码@代理:端口")
        if self.proxy and response.status_code in (502, 503, 504) and "application/json" not in \
                response.headers.get("content-type", ""):
            raise SyncError(f"{via}无法转发到同步中心 {self.url}（{response.status_code}）：代理连不上同步中心，"
                            "请核对代理设置，或对内网同步中心设为不使用代理（--proxy none）")
        if response.status_code == 401:
            raise SyncError("同步中心拒绝了本站的令牌（401）：请在同步设置中核对令牌")
        if response.status_code == 429:
            raise SyncError("同步中心暂时繁忙（请求过于频繁，429），稍后会自动重试；数据已保存在本站")
        if response.status_code == 413:
            raise SyncError("一批变更超过了同步中心允许的请求大小（413）：请联系管理员调大 --max-body-mb")
        if response.status_code >= 400:
            raise SyncError(f"同步中心返回错误 {response.status_code}：{_gist(response)}")
        try:
            with collections_paused():                    # a page of 5,000 changes: ~200,000 objects
                return orjson.loads(response.content)        # ~3x faster than json
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise SyncError(f"收到的不是同步中心的应答（可能是上网认证页面）：{self.url} 答复了“{_gist(response)}”。"
                            "请先在浏览器中完成上网认证，或核对同步中心地址；数据已保存在本站") from None

    def _failure(self, exc: Exception) -> str:
        """The officer's message for a request that got no HTTP answer, in Chinese (:mod:`reasons`)."""
        later = "数据已保存在本站，联网后会自动补传。"
        cause = exc
        while cause is not None and not isinstance(cause, ssl.SSLError):
            cause = cause.__cause__ or cause.__context__
        if isinstance(cause, ssl.SSLCertVerificationError):
            return (f"无法连接同步中心 {self.url}：同步中心的证书未通过验证（{reasons.certificate(cause)}）。"
                    f"{CA_ADVICE}。{later}")
        if isinstance(cause, ssl.SSLError):
            return (f"无法连接同步中心 {self.url}：加密连接（TLS）建立失败（{reasons.tls(cause)}），"
                    f"请核对地址是 http 还是 https。{later}")
        why = reasons.network(exc)
        if isinstance(exc, httpx.ProxyError) or (self.proxy and isinstance(exc, (httpx.ConnectError,
                                                                                 httpx.ConnectTimeout))):
            return (f"无法连接同步中心 {self.url}：代理服务器 {network.shown(self.proxy)} 出错（{why}）。"
                    f"请核对同步设置中的代理（--proxy none / system / 代理地址）。{later}")
        if isinstance(exc, httpx.TimeoutException):
            return f"无法连接同步中心 {self.url}：等待应答超时（{why}）。{later}"
        return f"无法连接同步中心 {self.url}：{why}。{later}"

    def _answer(self, model: type[pydantic.BaseModel], data):
        try:
            return model.model_validate(data)
        except pydantic.ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "整体"
            raise SyncError(f"{self.url} 的应答格式不对（字段 {where} 缺少或不符），可能不是 xhduty 同步中心或版本不一致："
                            "请核对同步中心地址") from None

    def hello(self, cursor: int, cursor_change: str | None) -> Hello:
        params = {"cursor": cursor} | ({"cursor_change": cursor_change} if cursor_change else {})
        return self._answer(Hello, self._call("GET", "/v1/hello", params=params))

    def push(self, body: bytes) -> PushResponse:
        """Send a batch of changes in one request; ``body`` is a PushRequest as :func:`batch_body` makes it
        from changes given as JSON text (:data:`~xhduty.sync.protocol.WIRE_JSON`)."""
        return self._answer(PushResponse, self._call("POST", "/v1/push", content=body,
                                                     headers={"Content-Type": "application/json"}))

    def pull(self, after: int, limit: int = PULL_PAGE) -> dict:
        """One page as a dict (``changes``, ``cursor``, ``cursor_change``, ``more``); the envelope is checked
        here, the changes by the merge (validating 2000 changes per page with pydantic would be slow)."""
        page = self._call("GET", "/v1/pull", params={"after": after, "limit": limit})
        if not (isinstance(page, dict) and isinstance(page.get("changes"), list) and isinstance(page.get("cursor"), int)
                and isinstance(page.get("more"), bool) and "cursor_change" in page):
            self._answer(PullResponse, page)             # names what is wrong
        return page

    def own(self, after: int, limit: int = PULL_PAGE) -> dict:
        return self._answer(OwnResponse, self._call("GET", "/v1/own", params={"after": after, "limit": limit})).model_dump()

    def digest(self, cursor: int, own_seq: int) -> DigestResponse:
        return self._answer(DigestResponse, self._call("GET", "/v1/digest",
                                                       params={"cursor": cursor, "own_seq": own_seq}))


def _gist(response: httpx.Response) -> str:
    """A short Chinese-safe summary of an answer body: an HTML page's title, else its first 200 characters."""
    text = response.text
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
    if title:
        return f"网页《{title.group(1).strip()[:80]}》"
    return re.sub(r"\s+", " ", text)[:200]


def run_sync(store: Store, hub: str | None = None, token: str | None = None, *,
             transport: httpx.BaseTransport | None = None, progress: Progress | None = None) -> dict:
    """Sync once.  Returns what happened — ``pushed``, ``pulled``, ``refused`` (this sync's final refusals),
    ``waiting`` (own changes the hub holds back for now, with its reasons), ``conflicts``, ``mismatch``,
    ``recovered``, ``tables`` — and raises SyncError when the hub cannot be reached or refuses the station.

    ``progress(stage, done, total)``, if given, is told how far the sync is after every batch sent and every
    page received (on the thread that syncs): ``("push", changes the hub has answered, changes to send)``,
    then ``("pull", changes received, None)`` — how many a pull brings is known only at its end.  A sync
    after a day offline moves tens of thousands of changes; the officer sees them move.

    A new ``hub``/``token`` is remembered once the hub has accepted it; while the hub cannot be reached it
    is remembered only if none was configured before, so a mistyped token never replaces a good one."""
    url, key = hub or state.get(store, "hub_url"), token or state.get(store, "token")
    if hub is not None or token is not None:
        state.check(hub, token)
        url, key = (hub.strip().rstrip("/") if hub else url), (token.strip() if token else key)
    if not url or not key:
        raise SyncError("尚未配置同步中心：请在“同步设置”中填写地址和令牌，或运行 xhduty sync --hub 地址 --token 令牌")
    try:
        with HubClient(url, key, transport, proxy=state.get(store, "proxy"), ca_file=state.get(store, "ca_file"),
                       log_home=store.path.parent) as client:
            hello = client.hello(int(state.get(store, "pull_cursor", "0")), state.get(store, "pull_cursor_change"))
            if hub is not None or token is not None:
                state.configure(store, hub, token)            # the hub accepted them: remember
            result, verified = _exchange(store, client, hello, progress or _quiet)
            from xhduty.sync import files  # attachment files follow their records (issue 17; imports HubClient)
            result["files"] = files.exchange(store, client)
    except SyncError as exc:
        if (hub is not None or token is not None) and not state.get(store, "token"):
            state.configure(store, hub, token)                # nothing to lose: remember for next time
        elif hub is not None or token is not None:
            exc = SyncError(f"{exc}（新填写的地址或令牌未经同步中心确认，未保存；仍使用原来的设置）")
        state.record_attempt(store, str(exc))
        raise exc from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a page the merge could not read
        reasons.logged(store.path.parent, f"reading an answer of {url}", exc)
        what = f"缺少字段 {exc.args[0]}" if isinstance(exc, KeyError) and exc.args else "字段的类型或取值不符"
        message = (f"同步中断：{url} 的应答内容无法读取（{what}），已接收的部分已保存；"
                   "请核对同步中心地址和版本")
        state.record_attempt(store, message)
        raise SyncError(message) from exc
    state.record_attempt(store, None, verified=verified)
    return result


def _exchange(store: Store, client: HubClient, hello: Hello, progress: Progress) -> tuple[dict, str | None]:
    """The sync itself; also returns the position both sides were proven equal at (None if they were not)."""
    if hello.division != state.get(store, "division"):
        with store.write() as tx:
            state.put(tx, "division", hello.division)   # the write-time checks need it (authority.station_of)
    recovered = recovery.recover(store, client, hello.last_seq, hello.last_change)
    cursor = int(state.get(store, "pull_cursor", "0")) if hello.cursor_valid else 0
    pushed, refused, waiting, own_seq = _push(store, client, hello.last_seq, progress)
    pulled, conflicts, tables, cursor = _pull(store, client, cursor, progress)
    position = f"{cursor}:{state.get(store, 'pull_cursor_change')}:{own_seq}"
    mismatch = []
    # Both sets are fixed by (cursor, own_seq): proven equal there before and nothing moved, nothing to prove.
    if pushed or pulled or position != state.get(store, "verified"):
        mismatch = _compare(store, client, cursor, own_seq)
        if mismatch:  # re-pull everything into a check: what is missing arrives, duplicates are skipped
            again = _pull(store, client, 0, progress)
            pulled, conflicts, tables, cursor = pulled + again[0], conflicts + again[1], tables | again[2], again[3]
            mismatch = _compare(store, client, cursor, own_seq)
            position = f"{cursor}:{state.get(store, 'pull_cursor_change')}:{own_seq}"
    if recovered:
        tables |= {"log_entries"}
    result = {"pushed": pushed, "pulled": pulled, "refused": refused, "waiting": waiting, "conflicts": conflicts,
              "mismatch": mismatch, "recovered": recovered, "tables": sorted(tables)}
    return result, (None if mismatch else position)


def _compare(store: Store, client: HubClient, cursor: int, own_seq: int) -> list[str]:
    theirs = client.digest(cursor, own_seq).model_dump()["tables"]
    return digest.differences(digest.station_digest(store, own_seq), theirs)


def _push(store: Store, client: HubClient, hub_last: int, progress: Progress) -> tuple[int, list[dict], list[dict], int]:
    """Send own changes the hub may lack; returns (delivered, final refusals, waiting, last seq confirmed).

    A final refusal (403/422) moves the hub's sequence past the change, so it never holds back later ones;
    it is kept in ``sync_refused``.  A change the hub holds back for now (409) and everything after it wait
    for the next sync; the first one's reason is kept in ``sync_waiting`` for the status bar and
    ``xhduty sync status``.

    One batch is in flight at a time, sent from a worker thread; while the hub stores it, the station
    writes down the answer to the one before and reads the batch after (which changes come next does not
    depend on the hub's answer, only whether they are sent does).  So the hub never waits for the
    station's commit between two batches.  A batch goes out only after the answer to the one before it."""
    after = min(int(state.get(store, "pushed_seq", "0")), hub_last)
    confirmed, delivered, refusals, waiting = after, 0, [], []
    total = store.one("SELECT count(*) FROM changes WHERE station = ? AND station_seq > ?", (store.station, after))[0]
    answered = 0
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="xhduty-push") as sender:
        rows, body = _outgoing(store, after)
        sent = sender.submit(client.push, body) if rows else None
        upcoming = _outgoing(store, rows[-1][1]) if rows else ([], b"")
        while sent is not None:
            answer, after, sent_rows = sent.result(), rows[-1][1], rows
            waiting = [r.model_dump() for r in answer.refused if r.status == TRANSIENT]
            held = {w["change_id"] for w in waiting}
            # the hub's sequence may stand past a change of ours it holds back (its number was taken by a
            # change it refused): what is confirmed ends before the first held-back change
            first_held = next((seq for change_id, seq in rows if change_id in held), None)
            confirmed = answer.last_seq if first_held is None else min(answer.last_seq, first_held - 1)
            # the hub is waiting for something first (409) when confirmed < after: try again next sync
            rows, body = upcoming if confirmed >= after else ([], b"")
            sent = sender.submit(client.push, body) if rows else None
            with store.write() as tx:
                for r in answer.refused:
                    if r.status != TRANSIENT:
                        tx.put_local("sync_refused", {"change_id": r.change_id, "status": r.status,
                                                      "reason": r.reason, "refused_at": clock.now_iso()})
                state.put(tx, "pushed_seq", confirmed)
            delivered += len(answer.accepted) + len(answer.duplicates)
            refusals += [r.model_dump() for r in answer.refused if r.status != TRANSIENT]
            answered += len(sent_rows)
            progress("push", answered, max(total, answered))
            if rows:
                upcoming = _outgoing(store, rows[-1][1])
    state.set_waiting(store, waiting[:1])
    return delivered, refusals, waiting, confirmed


def _outgoing(store: Store, after: int) -> tuple[list[tuple[str, int]], bytes]:
    """The next batch of own changes after ``station_seq`` ``after``: their (change id, station_seq) in
    order, and the push body carrying them ([] and b"" when there are none)."""
    rows = store.query(f"SELECT change_id, station_seq, {WIRE_JSON} AS wire FROM changes WHERE station = ?"
                       " AND station_seq > ? ORDER BY station_seq LIMIT ?", (store.station, after, PUSH_BATCH))
    return [(r["change_id"], r["station_seq"]) for r in rows], (batch_body([r["wire"] for r in rows]) if rows else b"")


def _pull(store: Store, client: HubClient, cursor: int, progress: Progress) -> tuple[int, int, set[str], int]:
    """Apply pages after ``cursor``; returns (changes applied, conflicts, tables touched, new cursor).

    The next page is asked for while this one is applied (one request in flight, on a worker thread): the
    hub reads and sends it while the station writes, which takes the hub's share off the wall time.  The
    write-ahead log is checkpointed once, after the last page (:meth:`Store.checkpoint_after`), and a page's
    commit does not wait for the disk: a page lost to a power cut is pulled again (:meth:`Store.replayable`)."""
    applied = conflicts = received = 0
    tables: set[str] = set()
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="xhduty-pull") as ahead, \
            store.checkpoint_after(), store.replayable():
        coming = ahead.submit(client.pull, cursor)
        while True:
            page = coming.result()
            if page["more"]:
                coming = ahead.submit(client.pull, page["cursor"])
            moved = (str(page["cursor"]), page["cursor_change"]) != (state.get(store, "pull_cursor"),
                                                                     state.get(store, "pull_cursor_change"))
            if page["changes"] or moved:
                with store.write() as tx:
                    outcomes = tx.apply_many(page["changes"])
                    applied += sum(o != "duplicate" for o in outcomes)
                    conflicts += outcomes.count("conflict")
                    state.put(tx, "pull_cursor", page["cursor"])
                    state.put(tx, "pull_cursor_change", page["cursor_change"])
                tables.update(tx.changes)
                received += len(page["changes"])
                progress("pull", received, None)
            cursor = page["cursor"]
            if not page["more"]:
                return applied, conflicts, tables, cursor
