from demo.management.commands.loadtest import read_report

# What wrk 4.1 prints with --latency, under a load it cannot keep up with.
REPORT = """Running 10s test @ http://127.0.0.1:8001/plans/
  2 threads and 20 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.62s   310.37ms   1.99s    62.50%
    Req/Sec     4.21      3.90    20.00     81.25%
  Latency Distribution
     50%    1.58s
     75%    1.80s
     90%    1.95s
     99%    1.99s
  72 requests in 10.02s, 3.01MB read
  Socket errors: connect 0, read 0, write 0, timeout 48
  Non-2xx or 3xx responses: 3
Requests/sec:      7.19
Transfer/sec:    307.50KB
"""


def test_the_load_test_reads_the_rate_the_median_and_the_errors_wrk_reports():
    assert read_report(REPORT) == (
        7.19,
        "1.58s",
        3,
        "connect 0, read 0, write 0, timeout 48",
    )


def test_a_run_without_errors_reports_none():
    clean = "\n".join(
        line for line in REPORT.splitlines() if "errors" not in line and "Non-2xx" not in line
    )
    assert read_report(clean)[2:] == (0, "0")
