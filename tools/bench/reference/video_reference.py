"""Python reference for `./run.sh bench video`: the same clip through the same steps, the common way in Python.

OpenCV (Debian's python3-opencv) decodes the MP4 and finds faces with the same Haar cascade and settings as the
Java FaceDetector (haarcascade_frontalface_alt2 from Debian's opencv-data, grey BT.601, scale 1.1, 4 neighbours,
smallest face 6 % of the shorter side, overlapping boxes merged); each face is cropped, shrunk to 48x48
(area interpolation) and normalised as training does; PyTorch (python3-torch) runs the same cnn frame by frame
(the faces of one frame per forward pass); faces are followed with the same IoU tracker and their probabilities
smoothed with the same moving average. Every frame of the clip is sampled, as in the Java run.

Run with Debian's packages (apt-get install python3-opencv opencv-data python3-torch), on the clip the Java
benchmark keeps:
    ./run.sh bench video --detector haar --keep /tmp/video-bench.mp4
    /usr/bin/python3 tools/bench/reference/video_reference.py /tmp/video-bench.mp4
Prints `name=value` lines; the figure to compare is video_frames_per_s.
"""
import argparse
import os
import statistics
import sys
import time

import cv2
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from architectures import small_cnn  # noqa: E402  (same design as the Java cnn)

CASCADE = '/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml'
MEAN, STD = 0.5, 0.25


def detect(cascade, frame):
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    h, w = grey.shape
    scale = min(1.0, 800 / max(w, h))
    small = grey if scale == 1.0 else cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    side = max(20, round(min(small.shape) * 0.06))
    boxes, _, weights = cascade.detectMultiScale3(small, 1.1, 4, 0, (side, side), outputRejectLevels=True)
    found = [(int(round(x / scale)), int(round(y / scale)), int(round(bw / scale)), int(round(bh / scale)))
             for (x, y, bw, bh) in boxes]
    kept = []
    for b in sorted(found, key=lambda b: -b[2] * b[3]):
        if all(iou(b, k) <= 0.3 for k in kept):
            kept.append(b)
    return grey, kept


def iou(a, b):
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


class Tracker:
    def __init__(self, min_iou=0.3, max_missed=5):
        self.min_iou, self.max_missed, self.live, self.next_id = min_iou, max_missed, [], 1

    def update(self, boxes):
        pairs = sorted(((iou(b, t['box']), f, t) for f, b in enumerate(boxes) for t in self.live
                        if iou(b, t['box']) >= self.min_iou), key=lambda p: -p[0])
        ids, used = [0] * len(boxes), set()
        for _, f, t in pairs:
            if ids[f] == 0 and id(t) not in used:
                ids[f], t['box'], t['missed'] = t['id'], boxes[f], 0
                used.add(id(t))
        for t in self.live:
            if id(t) not in used:
                t['missed'] += 1
        self.live = [t for t in self.live if t['missed'] <= self.max_missed]
        for f, b in enumerate(boxes):
            if ids[f] == 0:
                self.live.append({'id': self.next_id, 'box': b, 'missed': 0})
                ids[f] = self.next_id
                self.next_id += 1
        return ids


def analyse(path, model, cascade, alpha=0.4):
    capture = cv2.VideoCapture(path)
    tracker, smoothed, frames, faces = Tracker(), {}, 0, 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        grey, boxes = detect(cascade, frame)
        ids = tracker.update(boxes)
        if boxes:
            crops = np.stack([cv2.resize(grey[y:y + h, x:x + w], (48, 48), interpolation=cv2.INTER_AREA)
                              for (x, y, w, h) in boxes]).astype(np.float32)
            inputs = torch.from_numpy((crops / 255.0 - MEAN) / STD).unsqueeze(1)
            with torch.inference_mode():
                probabilities = torch.softmax(model(inputs), dim=1).numpy()
            for track, p in zip(ids, probabilities):
                smoothed[track] = p if track not in smoothed else alpha * p + (1 - alpha) * smoothed[track]
        frames += 1
        faces += len(boxes)
    capture.release()
    return frames, faces, tracker.next_id - 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('clip')
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    model = small_cnn(48)
    model.eval()
    cascade = cv2.CascadeClassifier(CASCADE)
    analyse(args.clip, model, cascade)  # warm-up
    rates = []
    for r in range(args.rounds):
        t0 = time.perf_counter()
        frames, faces, tracks = analyse(args.clip, model, cascade)
        rates.append(frames / (time.perf_counter() - t0))
        print(f"round {r + 1}: {frames} frames, {faces} faces, {tracks} tracks, {rates[-1]:.1f} frames/s")
    print(f"opencv={cv2.__version__} torch={torch.__version__} threads={args.threads}")
    print(f"video_frames_per_s={statistics.median(rates):.1f}")


if __name__ == '__main__':
    main()
