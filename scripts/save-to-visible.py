#!/usr/bin/env python3
"""Save → page visible, measured from outside the preview's process.

usage: scripts/save-to-visible.py [N=10000] [SAVES=40] [--site DIR] [--title]

Builds chrono, makes an N-entry site with ../shared/bench/corpus.py (in
/dev/shm if it exists) and the repository's layouts and static files, or
uses --site DIR, starts `chrono watch` on it, and listens to its event
stream (/_chrono/events) as a browser does. Then, SAVES times, it saves one
entry with a new sentence (with --title, a new title, which the pages
that list the entry show too) as editors do, a temporary file renamed over
it, waits for the reload event, fetches the entry's page and checks that
it shows the sentence. It prints, in milliseconds, the median, minimum and
maximum of each step: save → reload event, event → page fetched, and the
whole, save → page visible; then the preview's resident memory. The
watcher waits 20 ms after the last file
event before it rebuilds (watch.DefaultDebounce): that is part of the
figure, as it is of what a writer sees.
"""
import argparse, http.client, os, shutil, socket, statistics, subprocess, sys, tempfile, threading, time, queue

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def events(port, q):
    """Puts (time, name, data) for every event of the stream on q."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/_chrono/events", headers={"Accept": "text/event-stream"})
    resp = conn.getresponse()
    name, data = "", []
    while True:
        line = resp.fp.readline()
        if not line:
            return
        line = line.decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
        elif line == "" and name:
            q.put((time.perf_counter(), name, "\n".join(data)))
            name, data = "", []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", default="10000")
    ap.add_argument("saves", nargs="?", type=int, default=40)
    ap.add_argument("--site")
    ap.add_argument("--title", action="store_true", help="change the title, not the annotation")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(dir="/dev/shm" if os.path.isdir("/dev/shm") else None, prefix="chrono-save-")
    proc = None
    try:
        binary = os.path.join(tmp, "chrono")
        subprocess.run(["go", "build", "-o", binary, "./cmd/chrono"], cwd=repo, check=True)
        site = args.site
        if not site:
            gen = os.path.join(repo, "..", "shared", "bench", "corpus.py")
            subprocess.run([sys.executable, gen, args.n, os.path.join(tmp, "corpus")], check=True, stdout=subprocess.DEVNULL)
            site = os.path.join(tmp, "corpus", "site")
            for d in ("layouts", "static"):
                shutil.copytree(os.path.join(repo, d), os.path.join(site, d))
        port = free_port()
        proc = subprocess.Popen([binary, "watch", "-site", site, "-addr", "127.0.0.1:%d" % port],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in proc.stdout:  # "built in …" once the first build is served
            if line.startswith("built in"):
                print(line.strip())
                break
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        q = queue.Queue()
        threading.Thread(target=events, args=(port, q), daemon=True).start()
        time.sleep(0.5)
        entries = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(site, "content")) for f in fs if f.endswith(".md") and f != "_index.md")
        entry = entries[len(entries) // 2]
        rel = os.path.relpath(entry, os.path.join(site, "content"))
        page = "/" + rel[:-3] + "/"
        text = open(entry, encoding="utf-8").read()
        conn = http.client.HTTPConnection("127.0.0.1", port)
        to_event, to_page, total = [], [], []
        for i in range(args.saves):
            mark = "Phrase de mesure numéro %d." % i
            edited = text + "\n" + mark + "\n"
            if args.title:
                mark = "Titre de mesure %d" % i
                edited = text.replace('title = "', 'title = "' + mark + " ", 1)
            tmpfile = os.path.join(os.path.dirname(entry), ".mesure.tmp")
            with open(tmpfile, "w", encoding="utf-8") as f:
                f.write(edited)
            while not q.empty():
                q.get()
            t0 = time.perf_counter()
            os.rename(tmpfile, entry)
            while True:
                t1, name, data = q.get(timeout=30)
                if name == "reload":
                    break
            conn.request("GET", page)
            body = conn.getresponse().read().decode()
            t2 = time.perf_counter()
            if mark not in body:
                sys.exit("the page does not show save %d" % i)
            to_event.append((t1 - t0) * 1000)
            to_page.append((t2 - t1) * 1000)
            total.append((t2 - t0) * 1000)
            time.sleep(0.3)
        with open(entry, "w", encoding="utf-8") as f:
            f.write(text)
        try:  # Linux: the preview's resident memory once the saves are done
            for line in open("/proc/%d/status" % proc.pid):
                if line.startswith("VmRSS:"):
                    print("preview's memory after %d saves: %.0f MiB" % (args.saves, int(line.split()[1]) / 1024))
        except OSError:
            pass
        for label, xs in (("save → reload event", to_event), ("event → page fetched", to_page), ("save → page visible", total)):
            print("%-22s median %6.1f ms  min %6.1f  max %6.1f  (%d saves)" % (label, statistics.median(xs), min(xs), max(xs), len(xs)))
    finally:
        if proc:
            proc.terminate()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
