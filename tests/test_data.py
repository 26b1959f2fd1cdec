"""Seeded data sets: shapes, dtypes, determinism, and the geometry each one promises."""
import numpy as np
import pytest

import autograd_edu as ae
from autograd_edu import data

CLASSIFICATION = [data.make_moons, data.make_circles, data.make_spirals]


@pytest.mark.parametrize("make", CLASSIFICATION)
def test_classification_sets_shapes_dtypes_and_seeds(make):
    X, y = make(n=90, seed=3)
    assert X.shape == ae.Size([90, 2]) and X.dtype == ae.float32
    assert y.shape == ae.Size([90]) and y.dtype == ae.int64
    again_X, again_y = make(n=90, seed=3)
    assert np.array_equal(X.numpy(), again_X.numpy()) and np.array_equal(y.numpy(), again_y.numpy())
    assert not np.array_equal(X.numpy(), make(n=90, seed=4)[0].numpy())
    assert not X.requires_grad


def test_noise_free_geometry():
    X, y = data.make_circles(n=100, noise=0.0, factor=0.3)
    radius = np.linalg.norm(X.numpy(), axis=1)
    np.testing.assert_allclose(radius[y.numpy() == 0], 1.0, rtol=1e-6)
    np.testing.assert_allclose(radius[y.numpy() == 1], 0.3, rtol=1e-6)
    X, y = data.make_moons(n=101, noise=0.0)
    upper, lower = X.numpy()[y.numpy() == 0], X.numpy()[y.numpy() == 1]
    assert len(upper) == 50 and len(lower) == 51
    np.testing.assert_allclose(np.linalg.norm(upper, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(lower - [1.0, 0.5], axis=1), 1.0, rtol=1e-6)
    X, y = data.make_spirals(n=300, noise=0.0, classes=3)
    assert np.bincount(y.numpy()).tolist() == [100, 100, 100]
    assert np.linalg.norm(X.numpy(), axis=1).max() == pytest.approx(1.0)


def test_line_is_a_regression_set():
    x, y = data.make_line(n=500, slope=2.0, intercept=-1.0, noise=0.0, seed=1)
    assert x.shape == y.shape == ae.Size([500, 1]) and y.dtype == ae.float32
    np.testing.assert_allclose(y.numpy(), 2 * x.numpy() - 1, rtol=1e-6, atol=1e-6)
    noisy_x, noisy_y = data.make_line(n=5000, noise=0.1, seed=1)
    residual = noisy_y.numpy() - (2 * noisy_x.numpy() - 1)
    assert residual.std() == pytest.approx(0.1, rel=0.05)


def test_classes_are_shuffled():
    _, y = data.make_moons(n=100)
    assert 0 < y[:50].sum().item() < 50
