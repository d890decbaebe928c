"""bench/churn.py: run.py's `dcvd-writes`, dcvd measured while its HTTP API adds and removes
challenge values at a fixed rate (issue "Performance": throughput under writes falls by at most
10%, and no query sees a half-applied write). The writes are durable POSTs and DELETEs sent by
dcvd_write_load on keep-alive connections for as long as the server is measured."""

import json
import os

import servers
from write_bench import TTL, LoadTool, http_request, value_of

# One durable write in flight each. Under full DNS load the API and writer threads run at
# background priority: 16 clients reached only 1,529-1,673 of 2,000 writes/s (RESULTS steps 10
# and 12), and 32 no more (1,657/s): the rate is bound by the two vCPUs, not by the clients.
# 32 keep the client count out of the way.
CLIENTS = 32
CHURN_HOSTS = 2000  # hosts whose values come and go, taken from the data set's first targets


def churn_hosts(dataset, count=CHURN_HOSTS):
    """The first `count` distinct hosts of the data set's import file."""
    hosts = []
    seen = set()
    with open(os.path.join(dataset["dir"], dataset["files"]["import"]), encoding="ascii") as f:
        for line in f:
            host = line.split("\t", 1)[0]
            if host not in seen:
                seen.add(host)
                hosts.append(host)
                if len(hosts) == count:
                    break
    return hosts


def churn_queries(dataset, hosts, path):
    """A query file of TXT questions for the churned hosts only (what the answer check asks)."""
    with open(path, "w", encoding="ascii") as f:
        for host in hosts:
            f.write(f"{host}.{dataset['apex']} TXT\n")
    return path


class DcvdWrites(servers.Dcvd):
    """dcvd with a background write load at `write_rate` operations per second: one value added
    at a churned host, then removed, then the next host, so a host holds at most one value more
    than the data set gave it."""

    kind = "dcvd-writes"

    def __init__(self, binary, dataset, workers, tools, keep=False):
        super().__init__(binary, dataset, workers, tools, keep)
        self.write_rate = tools["write_rate"]
        self.load = None
        self.api_port = None
        self.proto = "http"  # what LoadTool frames

    def prepare(self):
        timings = super().prepare()
        self.token = servers.dcvd_write_token(self.binary, self.config, self.dir)
        self.ready_file = os.path.join(self.dir, "ready")
        return timings

    def command(self):
        return super().command() + ["--ready-file", self.ready_file]

    def wait_ready(self, began):
        elapsed = super().wait_ready(began)
        with open(self.ready_file, encoding="ascii") as f:
            for line in f:
                transport, address = line.split()
                if transport == "http" and address.startswith("127.0.0.1:"):
                    self.api_port = int(address.rsplit(":", 1)[1])
        if self.api_port is None:
            raise servers.ServerError(f"dcvd's ready file names no API address on 127.0.0.1")
        return elapsed

    def ops(self):
        auth = (f"Authorization: Bearer {self.token}",)
        hosts = churn_hosts(self.dataset)
        per_client = []
        for c in range(CLIENTS):
            mine = hosts[c::CLIENTS]
            requests = []
            for h in mine:
                value = value_of(h, 0, "churn")
                body = json.dumps({"value": value, "ttl": TTL}).encode("ascii")
                requests.append(http_request("POST", self.api_port,
                                             f"/v1/delegations/{h}/txt", body, auth))
                requests.append(http_request("DELETE", self.api_port,
                                             f"/v1/delegations/{h}/txt/{value}", b"", auth))
            per_client.append(requests)
        return per_client

    def start_writes(self, binary):
        """Starts the write load; it runs until stop_writes(), each client going over its add,
        remove, add... list again and again."""
        self.load = LoadTool(binary, self.dir, timeout_s=10)
        self.load.start(self, self.ops(), duration=3600, rate=self.write_rate, repeat=True)

    def stop_writes(self):
        """The write load's result: acknowledged and failed operations, and the rate reached."""
        if self.load is None:
            return None
        try:
            result = self.load.finish(stop=True)
        finally:
            self.load.kill()
            self.load = None
        elapsed = result.get("elapsed_s") or 1
        return {"writes_acked": result["acked"], "writes_failed": result["failed"],
                "write_rate": result["acked"] / elapsed, "write_status": result["status"],
                "write_first_error": result["first_error"]}

    def stop(self):
        if self.load is not None:
            self.load.kill()
            self.load = None
        super().stop()
