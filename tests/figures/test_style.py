"""The palette stays distinguishable for the common colour-vision deficiencies."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from rusrapport.figures.style import PALETTE

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
SIMULATION = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}


def _lab(hex_colour: str, matrix: np.ndarray) -> np.ndarray:
    srgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    linear = np.clip(matrix @ linear, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", list(SIMULATION))
def test_first_five_series_colours_differ(vision):
    colours = [_lab(c, SIMULATION[vision]) for c in PALETTE[:5]]
    smallest = min(np.linalg.norm(a - b) for a, b in itertools.combinations(colours, 2))
    assert smallest > 10, f"two series colours look alike under {vision} (ΔE {smallest:.1f})"
