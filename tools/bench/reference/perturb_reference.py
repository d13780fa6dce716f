#!/usr/bin/python3
"""The perturb benchmark's in-memory steps in numpy + scikit-learn, for a side-by-side figure.

    ./run.sh bench perturb --n 35887 --no-s3 --dump /tmp/perturb.bin
    /usr/bin/python3 tools/bench/reference/perturb_reference.py /tmp/perturb.bin

Inputs come from the Java benchmark's --dump file (the same faces, the same attention maps, the same
settings), so both sides do identical work; the file also holds the Java cluster map, which this script
compares with its own. Run under Debian's /usr/bin/python3 (python3-numpy, python3-sklearn).

Timed, as in PerturbBench (perturb_images_per_s = n / the sum of the three):
  1. attention: mean of the n maps (float64 accumulation), values below the threshold set to 0,
     min-max scaled to [0, alpha];
  2. features (x, y scaled to [0, beta], attention) and KMeans(k-means++, n_init=restarts,
     max_iter, random_state=seed, Lloyd), labels ordered as in PixelClusterer;
  3. all masked copies, k per image (region c set to 0) plus the original, into one new contiguous
     uint8 array, labels repeated.
One cold round first (printed, not counted), then --reps rounds (default 9); the median round is reported.
Each step uses the fastest numpy formulation we found (noted inline).
"""
import argparse
import statistics
import struct
import sys
import time

import numpy as np
from sklearn.cluster import KMeans

SIDE = 48
PIXELS = SIDE * SIDE
SAME_ROW_PIXELS = 4.0


def load(path):
    with open(path, "rb") as f:
        header = f.read(8 + 4 * 4 + 8 + 3 * 8)
        magic, n, k, restarts, max_iter, seed, alpha, beta, threshold = struct.unpack("<8s4iq3d", header)
        if magic != b"FERPDUMP":
            sys.exit(f"{path} is not a perturb benchmark dump")
        labels = np.fromfile(f, dtype=np.uint8, count=n)
        faces = np.fromfile(f, dtype=np.uint8, count=n * PIXELS).reshape(n, PIXELS)
        maps = np.fromfile(f, dtype="<f4", count=n * PIXELS).reshape(n, PIXELS)
        java_map = np.fromfile(f, dtype=np.uint8, count=PIXELS)
    settings = dict(k=k, restarts=restarts, max_iter=max_iter, seed=seed, alpha=alpha, beta=beta,
                    threshold=threshold)
    return labels, faces, maps, java_map, settings


def aggregate(maps, s):
    # np.add.reduce over axis 0 with a float64 accumulator: as fast as a float32 sum here (memory-bound)
    mean = maps.sum(axis=0, dtype=np.float64) / maps.shape[0]
    cut = np.where(mean < s["threshold"], 0.0, mean)
    lo, hi = cut.min(), cut.max()
    return (cut - lo) * (s["alpha"] / (hi - lo)) if hi > lo else np.zeros_like(cut)


def cluster(attention, s):
    step = s["beta"] / (SIDE - 1)
    ys, xs = np.divmod(np.arange(PIXELS), SIDE)
    features = np.column_stack([xs * step, ys * step, attention])
    km = KMeans(n_clusters=s["k"], init="k-means++", n_init=s["restarts"], max_iter=s["max_iter"],
                random_state=s["seed"], algorithm="lloyd").fit(features)
    # label order of PixelClusterer: row groups top to bottom, left to right within a group
    centres = km.cluster_centers_
    by_row = sorted(range(s["k"]), key=lambda c: (centres[c, 1], centres[c, 0]))
    order, start = [], 0
    while start < len(by_row):
        end = start + 1
        while end < len(by_row) and centres[by_row[end], 1] - centres[by_row[start], 1] < SAME_ROW_PIXELS * step:
            end += 1
        order += sorted(by_row[start:end], key=lambda c: (centres[c, 0], centres[c, 1]))
        start = end
    relabel = np.empty(s["k"], dtype=np.uint8)
    relabel[order] = np.arange(s["k"], dtype=np.uint8)
    return relabel[km.labels_], km.inertia_


def mask_all(faces, labels, cluster_map, k):
    n = faces.shape[0]
    out = np.empty((n, k + 1, PIXELS), dtype=np.uint8)
    keep = np.stack([(cluster_map != c).astype(np.uint8) for c in range(k)])  # 1 where a pixel stays
    # one multiply per region straight into its strided slot: faster than np.copyto + fancy-index zeroing
    # and than building a (n, k, 2304) temporary
    for c in range(k):
        np.multiply(faces, keep[c], out=out[:, c, :])
    out[:, k, :] = faces
    return out.reshape(n * (k + 1), PIXELS), np.repeat(labels, k + 1)


def round_(faces, labels, maps, s):
    t0 = time.perf_counter()
    attention = aggregate(maps, s)
    t1 = time.perf_counter()
    cluster_map, inertia = cluster(attention, s)
    t2 = time.perf_counter()
    masked, masked_labels = mask_all(faces, labels, cluster_map, s["k"])
    t3 = time.perf_counter()
    return (t1 - t0, t2 - t1, t3 - t2), cluster_map, inertia, masked, masked_labels


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dump", help="file written by ./run.sh bench perturb --dump FILE")
    parser.add_argument("--reps", type=int, default=9)
    args = parser.parse_args()

    labels, faces, maps, java_map, s = load(args.dump)
    n = faces.shape[0]
    print(f"# numpy {np.__version__}, scikit-learn {__import__('sklearn').__version__}; n = {n}, k = {s['k']}, "
          f"n_init = {s['restarts']}, max_iter = {s['max_iter']}")
    times, cluster_map, inertia, masked, masked_labels = round_(faces, labels, maps, s)
    assert masked.shape == (n * (s["k"] + 1), PIXELS) and masked_labels.shape == (n * (s["k"] + 1),)
    assert (masked[s["k"]::s["k"] + 1] == faces).all()
    del masked, masked_labels
    cold = sum(times)
    print(f"# cold round (not counted): total {cold * 1e3:.1f} ms")

    totals = []
    for r in range(args.reps):
        times, cluster_map, inertia, masked, masked_labels = round_(faces, labels, maps, s)
        del masked, masked_labels
        totals.append(sum(times))
        print(f"# round {r + 1}: aggregate {times[0] * 1e3:.1f} ms, features+k-means {times[1] * 1e3:.1f} ms, "
              f"masked copies {times[2] * 1e3:.1f} ms, total {sum(times) * 1e3:.1f} ms")
    agree = float((cluster_map == java_map).mean())
    sizes = np.bincount(cluster_map, minlength=s["k"]).tolist()
    print(f"# cluster sizes {sizes}, inertia {inertia:.3f}; same label as the Java map on {agree * 100:.2f} % of pixels")
    median = statistics.median(totals)
    print(f"# images/s: cold round {n / cold:.0f}, median {n / median:.0f}, best {n / min(totals):.0f}")
    print(f"perturb_images_per_s={n / median:.0f}")


if __name__ == "__main__":
    main()
