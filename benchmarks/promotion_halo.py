"""Why the halo share misses on small stores: an experiment on the organic fit (copilot/promotion/fit.py), issue 19.

Usage: `python benchmarks/promotion_halo.py [--seeds 1 2 3 20261120 101 202 303]`

Per demo store and merchant, the organic baseline and halo are refitted (the model of fit_organic, numeric
Jacobian) as they are and in three variants that test whether the festival controls absorb the halo: without the
festival controls, with the festival windows pooled into one column (peaks kept), and with the halo fitted on the
days outside festival windows (and 14 days after) only. Also: the halo log ratio's standard error, its largest
correlations with festival coefficients, and the profile deviance at the true ratio ((cost at the truth - cost at
the optimum) / dispersion, chi-square with 1 degree of freedom: under 3.84 the truth is inside a 95% interval).
Prints the rows as they come; the table and summary go to reports/bench/ (and BENCHMARKS.md with --record).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks._report import add_record_flag, write_section  # noqa: E402
from copilot.demo.build import build_demo  # noqa: E402
from copilot.promotion import history as history_module  # noqa: E402
from copilot.promotion.fit import RIDGE, _halo_ratio, _sigmoid, _smooth  # noqa: E402
from copilot.promotion.history import History, controls, load_history  # noqa: E402
from copilot.promotion.response import adstock  # noqa: E402
from copilot.store import Store  # noqa: E402

MERCHANTS = ("m_outdoor", "m_baby", "m_pet")
FESTIVAL_START = 14  # controls(): intercept, 6 weekdays, 6 Fourier terms, trend, then the festival columns
AFTER_DAYS = 14


def festival_columns(history: History) -> tuple[np.ndarray, list[int], list[int]]:
    """The design of controls() and the indexes of its festival windows and peak days (the columns that go when
    the calendar has no festival)."""
    design = controls(history.dates, history.price_index, history.stock_out)
    with mock.patch.object(history_module, "festivals", return_value={}):
        without = controls(history.dates, history.price_index, history.stock_out)
    columns = range(FESTIVAL_START, FESTIVAL_START + design.shape[1] - without.shape[1])
    windows = [i for i in columns if design[:, i].sum() > 3]  # a peak is one day a year
    return design, windows, [i for i in columns if i not in windows]


def refit(
    history: History, design: np.ndarray, log_ratio: float | None = None, days: np.ndarray | None = None
) -> tuple[np.ndarray, float, float, np.ndarray]:
    """(theta, weighted squared residuals, dispersion, covariance) of baseline x exp(design) + halo; `log_ratio`
    fixes the halo's ratio (profile), `days` weighs the days (0: left out)."""
    from scipy.optimize import least_squares

    organic, paid = history.organic, history.paid_gmv.sum(axis=0)
    k = design.shape[1]
    floor = max(float(organic.mean()) * 0.05, 1.0)
    weight = np.ones(history.days) if days is None else days
    free = np.ones(k + 2, dtype=bool)
    free[k] = log_ratio is None
    prior = np.zeros(k + 2)
    prior[1:k] = RIDGE

    def full(x: np.ndarray) -> np.ndarray:
        theta = np.full(k + 2, 0.0 if log_ratio is None else log_ratio)
        theta[free] = x
        return theta

    def mu(theta: np.ndarray) -> np.ndarray:
        halo = _halo_ratio(float(theta[k])) * adstock(paid, float(_sigmoid(theta[k + 1])))
        return np.exp(np.clip(design @ theta[:k], -50, 50)) + halo

    scale = np.sqrt(_smooth(organic) + floor)
    residuals = lambda x: np.concatenate(  # noqa: E731
        [np.sqrt(weight) * (organic - mu(full(x))) / scale, np.sqrt(prior) * full(x)]
    )
    start = np.linalg.lstsq(design[weight > 0], np.log(organic + floor)[weight > 0], rcond=None)[0]
    ratios = (0.1, 0.4) if log_ratio is None else (1.0,)
    tries = [np.concatenate([start, [np.log(r), np.log(d / (1 - d))]])[free] for r in ratios for d in (0.3, 0.6, 0.85)]
    best = min((least_squares(residuals, x0, max_nfev=300) for x0 in tries), key=lambda r: r.cost)
    scale = np.sqrt(mu(full(best.x)) + floor)
    best = least_squares(residuals, best.x, max_nfev=300)
    data = best.fun[: history.days]
    dispersion = float((data**2).sum() / max(int((weight > 0).sum()) - int(free.sum()), 1))
    jacobian = best.jac[: history.days]
    cov = np.linalg.pinv(jacobian.T @ jacobian + np.diag(prior[free])) * dispersion
    return full(best.x), float((data**2).sum()), dispersion, cov


def share(history: History, theta: np.ndarray) -> float:
    paid = history.paid_gmv.sum(axis=0)
    halo = _halo_ratio(float(theta[-2])) * adstock(paid, float(_sigmoid(theta[-1])))
    return float(halo.sum() / (halo.sum() + paid.sum()))


def experiment(history: History, true_ratio: float) -> dict[str, float | str]:
    design, windows, peaks = festival_columns(history)
    k = design.shape[1]
    theta, cost, dispersion, cov = refit(history, design)
    _, cost_at_truth, _, _ = refit(history, design, log_ratio=float(np.log(true_ratio)))
    corr = cov[k, :k] / np.sqrt(np.diag(cov)[:k] * cov[k, k])
    strongest = max(windows + peaks, key=lambda i: abs(corr[i]))
    plain = [i for i in range(k) if i not in windows + peaks]
    pooled = np.column_stack([design[:, plain + peaks], design[:, windows].sum(axis=1)])
    festive = design[:, windows].sum(axis=1) > 0
    after = festive.copy()
    for lag in range(1, AFTER_DAYS + 1):
        after[lag:] |= festive[:-lag]
    return {
        "as is": share(history, theta),
        "no festival controls": share(history, refit(history, design[:, plain])[0]),
        "windows pooled": share(history, refit(history, pooled)[0]),
        "non-festival days": share(history, refit(history, design[:, plain], days=(~after).astype(float))[0]),
        "se": float(np.sqrt(cov[k, k])),
        "corr": f"{corr[strongest]:+.2f} ({'window' if strongest in windows else 'peak'})",
        "deviance": (cost_at_truth - cost) / dispersion,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 20261120, 101, 202, 303])
    add_record_flag(parser)
    args = parser.parse_args()
    variants = ("as is", "no festival controls", "windows pooled", "non-festival days")
    errors: dict[str, list[tuple[str, float]]] = {v: [] for v in variants}
    rows = ["| seed | merchant | true share | " + " | ".join(variants) + " | log-ratio s.e. | strongest festival "
            "correlation | deviance at the truth |", "| --- " * (6 + len(variants)) + "|"]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for seed in args.seeds:
            store = Store.open(f"sqlite:///{Path(folder) / f'demo-{seed}.db'}")
            build_demo(store, seed=seed)
            with Session(store.engine) as session:
                for merchant in MERCHANTS:
                    history = load_history(session, merchant)
                    assert history is not None
                    truth, ratio = session.execute(
                        text("SELECT share, ratio FROM demo_truth_promotion_halo WHERE merchant_id = :m"),
                        {"m": merchant},
                    ).one()
                    found = experiment(history, float(ratio))
                    cells = []
                    for v in variants:
                        error = float(found[v]) / float(truth) - 1  # type: ignore[arg-type]
                        errors[v].append((merchant, error))
                        cells.append(f"{found[v]:.3f} ({error:+.0%})")
                    rows.append(f"| {seed} | {merchant} | {truth:.3f} | " + " | ".join(cells) + f" | {found['se']:.2f}"
                                f" | {found['corr']} | {found['deviance']:.1f} |")  # fmt: skip
                    print(rows[-1], flush=True)
            store.close()
    bullets = [f"seeds {args.seeds}; halo share fitted as is and in three variants, error against the planted truth"]
    for v in variants:
        every = [abs(e) for _, e in errors[v]]
        pet = [abs(e) for m, e in errors[v] if m == "m_pet"]
        bullets.append(f"{v}: mean |error| {statistics.mean(every):.1%} (m_pet {statistics.mean(pet):.1%}), within "
                       f"+-25% {sum(e <= 0.25 for e in every)}/{len(every)}, worst {max(every):.0%}")  # fmt: skip
    print(write_section("promotion_halo", "Promotion halo experiment (issue 19)", bullets, ["\n".join(rows)],
                        record=args.record))  # fmt: skip


if __name__ == "__main__":
    main()
