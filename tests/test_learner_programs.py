"""Short programs in the style of public PyTorch teaching material, written anew, run unchanged
under PyTorch 2.13 and under autograd_edu (passed in as `torch`); what they print must be the
same, character for character (memory addresses masked).

Each program prints what its tutorial prints: losses, parameters, samples, shapes, errors.
"""
import contextlib
import io
import math

import pytest

import autograd_edu
from oracle import mask_addresses

torch_oracle = pytest.importorskip("torch", reason="these programs are compared with torch==2.13.0")
pytestmark = pytest.mark.torch


def printed(program, torch):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        program(torch)
    return mask_addresses(out.getvalue())


def runs_the_same(program):
    expected = printed(program, torch_oracle)
    assert printed(program, autograd_edu) == expected
    return expected


def linear_regression_with_a_data_loader(torch):
    """Concise linear regression: synthetic data, TensorDataset + DataLoader, nn.Linear, SGD."""
    torch.manual_seed(42)
    true_w, true_b = torch.tensor([2, -3.4]), 4.2
    X = torch.normal(0, 1, (1000, len(true_w)))
    y = torch.matmul(X, true_w) + true_b
    y += torch.normal(0, 0.01, y.shape)
    y = y.reshape((-1, 1))
    data_iter = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=10, shuffle=True)
    print(next(iter(data_iter))[1].T)
    net = torch.nn.Sequential(torch.nn.Linear(2, 1))
    net[0].weight.data.normal_(0, 0.01)
    net[0].bias.data.fill_(0)
    loss = torch.nn.MSELoss()
    trainer = torch.optim.SGD(net.parameters(), lr=0.03)
    for epoch in range(3):
        for X_batch, y_batch in data_iter:
            batch_loss = loss(net(X_batch), y_batch)
            trainer.zero_grad()
            batch_loss.backward()
            trainer.step()
        print(f"epoch {epoch + 1}, loss {loss(net(X), y):.4f}")
    print("error in w:", (true_w - net[0].weight.data.reshape(true_w.shape)).abs().max() < 0.01)
    print("b:", round(net[0].bias.item(), 2))


def linear_regression_from_scratch(torch):
    """From-scratch regression: size= keyword, manual minibatches, no_grad updates, grad zeroing."""
    torch.manual_seed(0)
    features = torch.randn(size=(100, 2))
    labels = features @ torch.tensor([[1.5], [-2.0]]) + 0.5
    w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    for epoch in range(2):
        indices = torch.randperm(100)
        for i in range(0, 100, 20):
            batch = indices[i:i + 20]
            l = ((features[batch] @ w + b - labels[batch]) ** 2 / 2).sum()
            l.backward()
            with torch.no_grad():
                for param in (w, b):
                    param -= 0.05 * param.grad / 20
                    param.grad.zero_()
        with torch.no_grad():
            print(f"epoch {epoch + 1}, loss {float(((features @ w + b - labels) ** 2 / 2).mean()):.5f}")
    print(w.type(), w.dtype, b.grad)


NAMES = ["emma", "olivia", "ava", "isabella", "sophia", "charlotte", "mia", "amelia", "harper", "evelyn"]


def bigram_counts_and_sampling(torch):
    """makemore part 1: count bigrams, normalise with keepdims, sample names with a Generator."""
    chars = sorted(set("".join(NAMES)))
    stoi = {s: i + 1 for i, s in enumerate(chars)}
    stoi["."] = 0
    itos = {i: s for s, i in stoi.items()}
    n = len(stoi)
    N = torch.zeros((n, n), dtype=torch.int32)
    for w in NAMES:
        chs = ["."] + list(w) + ["."]
        for ch1, ch2 in zip(chs, chs[1:]):
            N[stoi[ch1], stoi[ch2]] += 1
    P = (N + 1).float()
    P /= P.sum(1, keepdims=True)
    print(P[0, :5], P.shape, P.dtype)
    g = torch.Generator().manual_seed(2147483647)
    for _ in range(5):
        out, ix = [], 0
        while True:
            ix = torch.multinomial(P[ix], num_samples=1, replacement=True, generator=g).item()
            out.append(itos[ix])
            if ix == 0:
                break
        print("".join(out))
    log_likelihood, count = 0.0, 0
    for w in NAMES:
        chs = ["."] + list(w) + ["."]
        for ch1, ch2 in zip(chs, chs[1:]):
            log_likelihood += torch.log(P[stoi[ch1], stoi[ch2]])
            count += 1
    print(f"nll={-log_likelihood / count:.4f}")


def bigram_neural_net(torch):
    """makemore part 1, second half: one_hot inputs, one linear layer, softmax by hand, descent."""
    chars = sorted(set("".join(NAMES)))
    stoi = {s: i + 1 for i, s in enumerate(chars)}
    stoi["."] = 0
    n = len(stoi)
    xs, ys = [], []
    for w in NAMES:
        chs = ["."] + list(w) + ["."]
        for ch1, ch2 in zip(chs, chs[1:]):
            xs.append(stoi[ch1])
            ys.append(stoi[ch2])
    xs, ys = torch.tensor(xs), torch.tensor(ys)
    g = torch.Generator().manual_seed(2147483647)
    W = torch.randn((n, n), generator=g, requires_grad=True)
    xenc = torch.nn.functional.one_hot(xs, num_classes=n).float()
    print(xenc.shape, xenc.dtype, xenc[:2, :6])
    for k in range(10):
        logits = xenc @ W
        counts = logits.exp()
        probs = counts / counts.sum(1, keepdims=True)
        loss = -probs[torch.arange(len(xs)), ys].log().mean() + 0.01 * (W ** 2).mean()
        if k % 3 == 0:
            print(k, f"{loss.item():.4f}")
        W.grad = None
        loss.backward()
        W.data += -10 * W.grad
    try:
        W.grad = 0.
    except TypeError as error:
        print("TypeError:", error)


def custom_function_with_two_outputs(torch):
    """Extending autograd: a Function returning two tensors; backward gets one gradient each."""
    class SinCos(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return torch.sin(x), torch.cos(x)

        @staticmethod
        def backward(ctx, grad_sin, grad_cos):
            x, = ctx.saved_tensors
            return grad_sin * torch.cos(x) - grad_cos * torch.sin(x)

    x = torch.linspace(0, math.pi, 5, requires_grad=True)
    s, c = SinCos.apply(x)
    print(s, c, sep="\n")
    (s ** 2 + c).sum().backward()
    print(x.grad)
    x.grad = None
    s, _ = SinCos.apply(x)
    s.sum().backward()
    print(x.grad)
    xd = torch.randn(4, dtype=torch.double, requires_grad=True)
    print(torch.autograd.gradcheck(lambda t: SinCos.apply(t)[0] * SinCos.apply(t)[1], (xd,), eps=1e-6, atol=1e-4))


def dropout_mlp_train_and_eval(torch):
    """A small MLP with Dropout: different outputs in train mode, deterministic in eval mode."""
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Dropout(0.5),
                                torch.nn.Linear(16, 1))
    print(model)
    x = torch.randn(8, 4)
    target = x.sum(dim=1, keepdim=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(30):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), target)
        loss.backward()
        optimizer.step()
        if step % 10 == 0:
            print(step, f"{loss.item():.4f}")
    model.eval()
    with torch.no_grad():
        first, second = model(x), model(x)
    print(torch.equal(first, second), model.training, model[2].training)
    model.train()
    print(torch.equal(model(x), model(x)))


def inference_mode_block(torch):
    """Evaluation under inference_mode: outputs are inference tensors; using them later fails."""
    torch.manual_seed(2)
    model = torch.nn.Linear(3, 2)
    x = torch.randn(4, 3)
    with torch.inference_mode():
        out = model(x)
    print(out.requires_grad, out.is_inference(), torch.is_inference_mode_enabled())
    for attempt in (lambda: out.add_(1), lambda: out._version, lambda: (model(x) * out).sum()):
        try:
            attempt()
        except RuntimeError as error:
            print("RuntimeError:", str(error)[:60])
    print((model(x) * out.clone()).sum().grad_fn)

    @torch.inference_mode()
    def predict(batch):
        return model(batch).argmax(dim=1)
    print(predict(x))


def masked_attention_scores(torch):
    """Annotated-Transformer-style masking: triu mask, masked_fill with -1e9, softmax."""
    torch.manual_seed(3)
    size = 4
    subsequent_mask = torch.triu(torch.ones((1, size, size)), diagonal=1).type(torch.uint8) == 0
    print(subsequent_mask)
    q = k = torch.randn(1, size, 8)
    scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(8)
    scores = scores.masked_fill(subsequent_mask == 0, -1e9)
    p_attn = scores.softmax(dim=-1)
    print(p_attn)
    tril = torch.tril(torch.ones(size, size))
    wei = torch.zeros((size, size)).masked_fill(tril == 0, float("-inf"))
    print(torch.nn.functional.softmax(wei, dim=-1))


def gradient_penalty(torch):
    """WGAN-GP: interpolate, take autograd.grad with create_graph, penalise the gradient norm."""
    torch.manual_seed(4)
    critic = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.LeakyReLU(0.2), torch.nn.Linear(8, 1))
    real, fake = torch.randn(5, 3), torch.randn(5, 3)
    alpha = torch.rand(5, 1).expand(real.size())
    interpolates = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    disc = critic(interpolates)
    gradients = torch.autograd.grad(outputs=disc, inputs=interpolates, grad_outputs=torch.ones(disc.size()),
                                    create_graph=True, retain_graph=True, only_inputs=True)[0]
    penalty = ((gradients.norm(2, dim=1) - 1) ** 2).mean() * 10
    print(f"{penalty.item():.4f}", penalty.grad_fn)
    penalty.backward()
    print(critic[0].weight.grad.norm(dim=1))


def legacy_style_code(torch):
    """Pre-0.4 idioms still seen in old notebooks: FloatTensor, LongTensor, .type(), x.data[0]."""
    x = torch.FloatTensor([[1, 2], [3, 4]])
    labels = torch.LongTensor([1, 0])
    print(x, labels, x.type(), labels.type(), isinstance(x, torch.FloatTensor))
    print(x.type(torch.DoubleTensor), torch.Tensor(2, 3).shape)
    loss = (x * x).sum()
    try:
        print(loss.data[0])
    except IndexError as error:
        print("IndexError:", error)
    print(loss.item())


def zero_to_gans_evaluation(torch):
    """Train/validation split, a DataLoader per split, accuracy computed under no_grad."""
    torch.manual_seed(5)
    inputs = torch.randn(60, 4)
    targets = (inputs[:, 0] + inputs[:, 1] > 0).long()
    dataset = torch.utils.data.TensorDataset(inputs, targets)
    train_ds, val_ds = torch.utils.data.random_split(dataset, [48, 12])
    train_loader = torch.utils.data.DataLoader(train_ds, batch_size=16, shuffle=True)
    val_loader = torch.utils.data.DataLoader(val_ds, batch_size=16)
    model = torch.nn.Linear(4, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    for epoch in range(3):
        for xb, yb in train_loader:
            loss = torch.nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        with torch.no_grad():
            correct = 0
            for xb, yb in val_loader:
                _, preds = torch.max(model(xb), dim=1)
                correct += torch.sum(preds == yb).item()
        print(f"epoch {epoch}: val_acc {correct / len(val_ds):.4f}")


def polynomial_fit_with_optim(torch):
    """"Learning PyTorch with Examples": fit sin with a cubic via Linear + Flatten and RMSprop."""
    x = torch.linspace(-math.pi, math.pi, 200)
    y = torch.sin(x)
    p = torch.tensor([1, 2, 3])
    xx = x.unsqueeze(-1).pow(p)
    torch.manual_seed(6)
    model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
    loss_fn = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3)
    for t in range(300):
        loss = loss_fn(model(xx), y)
        if t % 100 == 99:
            print(t, f"{loss.item():.1f}")  # a sum of 200 squares: float32 summation order shows at 0.001
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    layer = model[0]
    print(f"y = {layer.bias.item():.3f} + {layer.weight[:, 0].item():.3f} x + {layer.weight[:, 1].item():.3f} x^2 "
          f"+ {layer.weight[:, 2].item():.3f} x^3")


PROGRAMS = [linear_regression_with_a_data_loader, linear_regression_from_scratch, bigram_counts_and_sampling,
            bigram_neural_net, custom_function_with_two_outputs, dropout_mlp_train_and_eval, inference_mode_block,
            masked_attention_scores, gradient_penalty, legacy_style_code, zero_to_gans_evaluation,
            polynomial_fit_with_optim]


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.__name__ for p in PROGRAMS])
def test_program_prints_what_pytorch_prints(program):
    output = runs_the_same(program)
    assert output.strip()  # the program printed something to compare
