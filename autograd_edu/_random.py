"""PyTorch-compatible CPU random numbers, ``linspace`` and ``arange``, in plain NumPy.

After ``manual_seed(s)``, ``rand``/``randn``/``randint``/``uniform_``/``normal_``/``randperm``
(and what is built on them: ``normal``, ``multinomial``, ``bernoulli_``, dropout masks, the
DataLoader's shuffling) give the numbers torch 2.x prints on x86-64 CPUs (measured against
torch 2.13; for ``bernoulli_`` see ``Generator.bernoulli``).

The stream: torch's CPU generator is MT19937 seeded the classic way with the low 32 bits
of the seed; NumPy's legacy ``RandomState(seed)`` bit generator is the same engine, and
``random_raw(n)`` hands out its next n 32-bit words.  A "64-bit draw" is two words,
``first << 32 | second``.  Torch also caches one spare Box-Muller sample (see ``_normal_small``).

Rounding: torch's kernels are compiled with fused multiply-add, so ``a*b + c`` is rounded
once.  NumPy has no FMA, so ``_fma`` emulates it exactly (round-to-odd, Boldo & Melquiond).

nn.Linear(in, out) after ``manual_seed``: the weight is ``uniform((out, in), -b, b)`` and then
the bias is ``uniform((out,), -c, c)``, where ``b = sqrt(3) * (sqrt(2 / (1 + sqrt(5)**2)) /
sqrt(in))`` (kaiming_uniform_ with a=sqrt(5), computed in float64 exactly as written) and
``c = 1 / sqrt(in)``.  ``uniform`` rounds the bounds to float32 first (lo = f32(-b), hi = f32(b)),
then each value is ``fma(u, hi - lo, lo)`` rounded once to float32, ``u`` being a 24-bit uniform.
(``u*(hi-lo)+lo`` in float64 then cast also works for these symmetric bounds, because
``hi-lo`` is exact; two float32 roundings do not.)
"""
import math
import os

import numpy as np

__all__ = ["Generator", "default_generator", "manual_seed", "initial_seed", "linspace", "arange"]

_DTYPES = {"float32": np.float32, "float64": np.float64}


def _round_to_odd_sum(a, b):
    """a + b in float64, rounded to odd: if inexact, force the last mantissa bit to 1."""
    s = a + b
    bb = s - a
    err = (a - (s - bb)) + (b - bb)                      # exact: a + b = s + err (TwoSum)
    fix = (err != 0) & ((s.view(np.int64) & 1) == 0)
    return np.where(fix, np.nextafter(s, np.where(err > 0, np.inf, -np.inf)), s)


def _two_prod(a, b):
    """a*b = p + e exactly (Dekker/Veltkamp split, float64)."""
    def split(x):
        c = 134217729.0 * x
        hi = c - (c - x)
        return hi, x - hi
    p = a * b
    (ah, al), (bh, bl) = split(a), split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _fma(a, b, c, dtype):
    """a*b + c rounded once to dtype (what a compiled fmaf/fma returns).
    float32: the product is exact in float64, and the round-to-odd sum then rounds correctly.
    float64: p+e = a*b, t+f = c+p exactly, result = RN(t + RO(f + e))."""
    a, b, c = np.broadcast_arrays(*(np.asarray(x, np.float64) for x in (a, b, c)))
    if dtype == np.float32:
        return _round_to_odd_sum(a * b, c).astype(np.float32)
    p, e = _two_prod(a, b)
    t = c + p
    tb = t - c
    f = (c - (t - tb)) + (p - tb)
    return t + _round_to_odd_sum(f, e)


def _dtype(dtype_name):
    if dtype_name not in _DTYPES:
        raise ValueError(f"dtype must be one of {sorted(_DTYPES)}, got {dtype_name!r}")
    return _DTYPES[dtype_name]


def _numel(shape):
    return int(np.prod(shape, dtype=np.int64))


class Generator:
    """One MT19937 stream, like ``torch.Generator()`` on the CPU."""

    def __init__(self, seed=67280421310721):                 # torch.Generator()'s default seed
        self.manual_seed(seed)

    def manual_seed(self, seed):
        """Seed like torch: the seed is kept as uint64, MT19937 uses its low 32 bits."""
        self._seed = int(seed) % 2**64
        self._mt = np.random.RandomState(self._seed & 0xFFFFFFFF)._bit_generator
        self._spare_normal = None                            # torch resets its cached normal too
        return self

    def initial_seed(self):
        return self._seed

    def get_state(self):
        return (self._seed, self._mt.state, self._spare_normal)

    def set_state(self, state):
        self._seed, mt_state, self._spare_normal = state
        self._mt.state = mt_state

    # --- raw draws -------------------------------------------------------------------
    def _words(self, n):
        """Next n 32-bit words (uint64 array)."""
        return self._mt.random_raw(n) if n else np.zeros(0, np.uint64)

    def _words64(self, n):
        """Next n 64-bit draws: two words each, first word high."""
        w = self._words(2 * n)
        return (w[0::2] << np.uint64(32)) | w[1::2]

    def _unit(self, n, dtype):
        """U[0, 1): float32 = low 24 bits of a word * 2^-24; float64 = low 53 bits of a 64-bit draw * 2^-53."""
        if dtype == np.float32:
            return (self._words(n) & np.uint64(0xFFFFFF)).astype(np.float32) * np.float32(2.0**-24)
        return (self._words64(n) & np.uint64(2**53 - 1)).astype(np.float64) * 2.0**-53

    # --- distributions -------------------------------------------------------------
    def uniform(self, shape, low, high, dtype_name="float32"):
        """tensor.uniform_(low, high): lo, hi rounded to dtype; value = fma(u, hi - lo, lo)."""
        dt = _dtype(dtype_name)
        lo, hi = dt(low), dt(high)
        if lo > hi:
            raise ValueError(f"uniform_ expects to return a [from, to) range, but found from={low} > to={high}")
        u = self._unit(_numel(shape), dt)
        return _fma(u, dt(hi - lo), lo, dt).astype(dt).reshape(shape)

    def rand(self, shape, dtype_name="float32"):
        """torch.rand: uniform(0, 1)."""
        return self.uniform(shape, 0.0, 1.0, dtype_name)

    def normal(self, shape, mean, std, dtype_name="float32"):
        """tensor.normal_(mean, std): < 16 values use the scalar Box-Muller in float64 (with
        torch's cached spare); >= 16 values use the block-of-16 fill (see ``_normal_blocks``)."""
        dt, n = _dtype(dtype_name), _numel(shape)
        if n >= 16:
            out = self._normal_blocks(n, dt(mean), dt(std), dt)
        else:
            out = np.array([self._normal_small(mean, std) for _ in range(n)], np.float64).astype(dt)
        return out.reshape(shape)

    def randn(self, shape, dtype_name="float32"):
        return self.normal(shape, 0.0, 1.0, dtype_name)

    def _normal_small(self, mean, std):
        """One at::normal_distribution<double> sample.  From two 53-bit uniforms u1, u2:
        r = sqrt(-2 log1p(-u2)), theta = 2 pi u1; return fma(r cos(theta), std, mean) and keep
        r sin(theta) as the spare, which the next call returns (manual_seed clears it)."""
        if self._spare_normal is not None:
            z, self._spare_normal = self._spare_normal, None
        else:
            u1, u2 = self._unit(2, np.float64)
            r = math.sqrt(-2.0 * math.log1p(-u2))
            theta = 2.0 * math.pi * u1
            z, self._spare_normal = r * math.cos(theta), r * math.sin(theta)
        return float(_fma(z, std, mean, np.float64))

    def _normal_blocks(self, n, mean, std, dt):
        """normal_fill: n uniforms; each block of 16 maps u[0:8] to radius sqrt(-2 log(1 - u)),
        u[8:16] to angle 2 pi u, and writes 8 r cos values then 8 r sin values.  If n % 16,
        16 fresh uniforms are transformed into the last 16 slots (overwriting the tail)."""
        data = self._unit(n, dt)
        for i in range(0, n - 15, 16):
            data[i:i + 16] = _box_muller_16(data[i:i + 16], mean, std, dt)
        if n % 16:
            data[n - 16:] = _box_muller_16(self._unit(16, dt), mean, std, dt)
        return data

    def bernoulli(self, shape, p):
        """tensor.bernoulli_(p): one 53-bit uniform u per value (a 64-bit draw); True where u < p.
        This is torch's portable kernel, the one it runs on CPUs not made by Intel; on Intel CPUs
        torch asks MKL's own generator instead, whose stream this does not reproduce."""
        return (self._unit(_numel(shape), np.float64) < p).reshape(shape)

    def random_int64(self):
        """torch.empty((), dtype=torch.int64).random_(): one 64-bit draw modulo 2^63 (how the
        DataLoader and RandomSampler pick seeds)."""
        return int(self._words64(1)[0]) % 2**63

    def randint(self, low, high, shape):
        """torch.randint (int64): range = high - low; value = word % range + low, where the
        word is one 32-bit draw if range < 2^28, else one 64-bit draw."""
        low, high = int(low), int(high)
        if low >= high:
            raise ValueError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
        n, rng = _numel(shape), high - low
        w = self._words(n) if rng < 2**28 else self._words64(n)
        return ((w % np.uint64(rng)).astype(np.int64) + np.int64(low)).reshape(shape)

    def randperm(self, n):
        """torch.randperm (int64, n < 2^32/20): Fisher-Yates from the front,
        swapping r[i] and r[i + word_i % (n - i)] for i = 0 .. n-2."""
        if n >= 2**32 // 20:
            raise NotImplementedError("randperm for n >= 2**32 / 20 uses another algorithm in torch")
        r = np.arange(n, dtype=np.int64)
        z = self._words(max(n - 1, 0)).astype(np.int64) % np.arange(n, 1, -1, dtype=np.int64)
        for i, zi in enumerate(z.tolist()):
            r[i], r[i + zi] = r[i + zi], r[i]
        return r


def _box_muller_16(d, mean, std, dt):
    """Transform one block of 16 uniforms.  float32 copies torch's AVX2 kernel (avx_mathfun's
    log/sincos, below); float64 uses libm (Python's math) like torch's scalar kernel."""
    if dt == np.float32:
        r = np.sqrt(np.float32(-2.0) * _log_avx(np.float32(1.0) - d[:8]))
        sin, cos = _sincos_avx(np.float32(2.0 * math.pi) * d[8:])
        zs = np.concatenate([r * cos, r * sin])
    else:
        r = [math.sqrt(-2.0 * math.log(1.0 - u)) for u in d[:8]]
        th = [2.0 * math.pi * u for u in d[8:]]
        zs = np.array([a * math.cos(t) for a, t in zip(r, th)] + [a * math.sin(t) for a, t in zip(r, th)])
    return _fma(zs, std, mean, dt)


def _poly(x, coeffs):
    """Horner's rule with one rounding per step (fma), float32, as the compiled kernel does."""
    y = np.full_like(x, coeffs[0])
    for c in coeffs[1:]:
        y = _fma(y, x, np.float32(c), np.float32)
    return y


def _log_avx(x):
    """Cephes logf as in avx_mathfun.h: x = m 2^e with m in [sqrt(1/2), sqrt(2)),
    log x = (m-1) + (m-1)^3 P(m-1) - (m-1)^2/2 + e*log 2 (log 2 split into q2 + q1)."""
    f32 = np.float32
    bits = x.view(np.int32)
    e = ((bits >> 23) - 0x7F).astype(f32) + f32(1)
    m = ((bits & ~0x7F800000) | 0x3F000000).view(f32)      # mantissa in [0.5, 1)
    small = m < f32(0.707106781186547524)
    x = (m - f32(1)) + np.where(small, m, f32(0))
    e = e - np.where(small, f32(1), f32(0))
    z = x * x
    y = _poly(x, [7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
                  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1]) * x
    y = _fma(y, z, e * f32(-2.12194440e-4), f32) - z * f32(0.5)
    return _fma(e, f32(0.693359375), x + y, f32)


def _sincos_avx(x):
    """Cephes sincosf as in avx_mathfun.h (x >= 0 here): j = even integer nearest x*4/pi,
    reduce x -= j*pi/4 in three fma steps, evaluate both polynomials, pick by octant."""
    f32 = np.float32
    j = ((x * f32(1.27323954473516)).astype(np.int32) + 1) & ~1
    y = j.astype(f32)
    for c in (-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8):
        x = _fma(y, f32(c), x, f32)
    z = x * x
    cos_poly = _poly(z, [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2]) * z
    cos_poly = _fma(cos_poly, z, -(z * f32(0.5)), f32) + f32(1)
    sin_poly = _fma(_poly(z, [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1]) * z, x, x, f32)
    swap = (j & 2) != 0
    sin = np.where(swap, cos_poly, sin_poly)
    cos = np.where(swap, sin_poly, cos_poly)
    sin = np.where((j & 4) != 0, -sin, sin)
    cos = np.where((~(j - 2) & 4) != 0, -cos, cos)
    return sin, cos


default_generator = Generator(int.from_bytes(os.urandom(8), "little"))   # nondeterministic, like torch


def manual_seed(seed):
    """Seed the default generator (like torch.manual_seed) and return it."""
    return default_generator.manual_seed(seed)


def initial_seed():
    return default_generator.initial_seed()


def linspace(start, end, steps, dtype_name="float32"):
    """torch.linspace: step = (end - start)/(steps - 1) in dtype; element i < steps//2 is
    fma(step, i, start), the others fma(-step, steps-1-i, end); each rounded once."""
    dt = _dtype(dtype_name)
    if steps < 0:
        raise ValueError("number of steps must be non-negative")
    start, end = dt(start), dt(end)
    if steps <= 1:
        return np.full(steps, start, dt)
    step = dt(end - start) / dt(steps - 1)
    i = np.arange(steps)
    front = _fma(step, i, start, dt).astype(dt)
    back = _fma(-step, steps - 1 - i, end, dt).astype(dt)
    return np.where(i < steps // 2, front, back)


def arange(start, end=None, step=1, dtype_name=None):
    """torch.arange.  int64 if all arguments are ints (count = ceil((end-start)/step), exactly),
    else float32 (or dtype_name).  Float values are computed in float64 like torch's kernel,
    which writes 16 at a time as 2 vectors of 8 (4 for float64): each vector is
    base + step*k with base = fl(start + step*idx); leftover elements are start + step*idx."""
    if end is None:
        start, end = 0, start
    if step == 0:
        raise ValueError("step must be nonzero")
    if (end - start) * step < 0:
        raise ValueError("upper bound and larger bound inconsistent with step sign")
    all_int = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
    if dtype_name is None:
        dtype_name = "int64" if all_int else "float32"
    if dtype_name == "int64":
        if not all_int:
            raise ValueError("arange with int64 dtype needs integer start, end and step here")
        return np.arange(int(start), int(end), int(step), dtype=np.int64)
    dt = _dtype(dtype_name)
    start, end, step = float(start), float(end), float(step)
    n = int(math.ceil((end - start) / step))
    vec = 8 if dt == np.float32 else 4
    out = np.empty(n, dt)
    stop = (n // (2 * vec)) * 2 * vec               # vectorized part; the rest is scalar
    base = _fma(step, np.arange(0, stop, vec), start, np.float64).astype(dt).astype(np.float64)
    k = np.arange(vec)
    out[:stop] = _fma(step, k[None, :], base[:, None], np.float64).astype(dt).ravel()
    out[stop:] = _fma(step, np.arange(stop, n), start, np.float64).astype(dt)
    return out
