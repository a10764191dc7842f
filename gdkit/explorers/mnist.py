"""MNIST training explorer: train a 784-H-10 network and watch cost and accuracy per epoch.

The network is ``gdkit.MLP([784, H, 10])`` (sigmoid, quadratic cost, as in
Nielsen ch. 1) trained by mini-batch SGD, w ← w − (η/m) Σₓ ∂Cₓ/∂w, on a
small slice of the shipped MNIST sample so one run takes seconds.  The
curves update after every epoch; "same initialisation again" retrains from
the identical starting weights and shuffling (same seed), which gives the
identical curves, and "new initialisation" moves to the next seed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..mlp import MLP, TrainingRun
from ..mnist import load_mnist_sample
from .base import Explorer, _num

#: Validation accuracy below this counts as "not learning" (random guessing is 10 %).
NOT_LEARNING = 0.2


def mnist_data(n_train: int = 1000, n_test: int = 500, seed: int = 0) -> tuple:
    """``(X_train, y_train, X_test, y_test)`` from the shipped MNIST sample."""
    return load_mnist_sample(n_train=n_train, n_test=n_test, seed=seed)


def mnist_state(
    hidden: int = 30,
    eta: float = 3.0,
    batch_size: int = 10,
    epochs: int = 5,
    seed: int = 0,
    *,
    data: tuple | None = None,
    callback: Callable[[dict[str, Any]], object] | None = None,
) -> dict[str, Any]:
    """Train a 784-``hidden``-10 sigmoid network and report its per-epoch history.

    Parameters
    ----------
    hidden : int
        Hidden units H.
    eta : float
        Learning rate η.
    batch_size : int
        Mini-batch size m.
    epochs : int
    seed : int
        Seed of the initial weights and of the shuffling.
    data : (X_train, y_train, X_test, y_test), optional
        Default: :func:`mnist_data` (1,000 training and 500 test images).
    callback : callable, optional
        Called with the state so far after each epoch (for live curves).

    Returns
    -------
    dict
        The settings; ``epoch``, ``loss``, ``accuracy``, ``val_loss``,
        ``val_accuracy`` (lists per epoch); ``final_val_accuracy``;
        ``verdict``: "diverged", "not learning" (validation accuracy below
        20 %) or "learning"; ``message``.
    """
    X, y, X_test, y_test = data if data is not None else mnist_data()
    settings = {"hidden": int(hidden), "eta": float(eta), "batch_size": int(batch_size),
                "epochs": int(epochs), "seed": int(seed), "n_train": len(y),
                "n_test": len(y_test)}
    net = MLP([X.shape[1], int(hidden), 10], seed=int(seed))

    def snapshot(history: TrainingRun) -> dict[str, Any]:
        val = history.val_accuracy
        final = float(val[-1]) if len(val) else float("nan")
        if history.diverged:
            verdict = "diverged"
        elif not len(val) or final < NOT_LEARNING:
            verdict = "not learning"
        else:
            verdict = "learning"
        return settings | {
            "epoch": [int(e) for e in history.epoch],
            "loss": [float(v) for v in history.loss],
            "accuracy": [float(v) for v in history.accuracy],
            "val_loss": [float(v) for v in history.val_loss],
            "val_accuracy": [float(v) for v in val],
            "final_val_accuracy": final,
            "verdict": verdict,
            "message": history.message,
        }

    def each_epoch(epoch: int, net: MLP, history: TrainingRun) -> None:
        if callback is not None:
            callback(snapshot(history))

    history = net.fit(X, y, epochs=int(epochs), batch_size=int(batch_size), lr=float(eta),
                      validation=(X_test, y_test), progress=False, seed=int(seed),
                      callback=each_epoch)
    return snapshot(history)


class MnistExplorer(Explorer):
    """Hidden size, η, batch size and epochs for a small MNIST network, with live curves.

    Moving a slider only records the setting; a button trains: "same
    initialisation again" (current seed) or "new initialisation" (next seed).
    ``set(...)`` trains at once.

    Parameters
    ----------
    n_train, n_test : int
        Images from the shipped sample used for training and validation.
    **values
        Initial ``hidden``, ``eta``, ``batch_size``, ``epochs``, ``seed``.
    """

    title = "MNIST training"
    summary = ("hidden", "eta", "batch_size", "epochs", "seed", "final_val_accuracy",
               "verdict")
    figsize = (9.0, 3.6)

    def __init__(self, *, n_train: int = 1000, n_test: int = 500, **values: Any) -> None:
        self.data = mnist_data(n_train, n_test)
        self.trainings = 0
        super().__init__(**values)

    def _make_controls(self, widgets: Any) -> dict[str, Any]:
        return {
            "hidden": widgets.IntSlider(value=30, min=1, max=100, description="hidden H"),
            "eta": widgets.FloatLogSlider(value=3.0, base=10, min=-3, max=2, step=0.1,
                                          description="learning rate η", readout_format=".3g"),
            "batch_size": widgets.IntSlider(value=10, min=1, max=100, description="batch m"),
            "epochs": widgets.IntSlider(value=5, min=1, max=30, description="epochs"),
            "seed": widgets.BoundedIntText(value=0, min=0, max=10**6, description="seed"),
        }

    def _extras(self, widgets: Any) -> list[Any]:
        self.again_button = widgets.Button(description="same initialisation again",
                                           icon="repeat")
        self.new_button = widgets.Button(description="new initialisation", icon="random")
        self.progress = widgets.IntProgress(value=0, min=0, max=5, description="epochs")
        self.again_button.on_click(lambda _: self.train())
        self.new_button.on_click(lambda _: self.new_initialisation())
        return [self.again_button, self.new_button, self.progress]

    def train(self) -> None:
        """Train with the current settings (the same seed gives the same run)."""
        self.update()

    def new_initialisation(self) -> None:
        """Move to the next seed and train."""
        self.set(seed=self.controls["seed"].value + 1)

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._holding:
            c = {name: control.value for name, control in self.controls.items()}
            self._announce(
                f"new settings (H = {c['hidden']}, η = {c['eta']:.3g}, m = {c['batch_size']}, "
                f"{c['epochs']} epochs, seed {c['seed']}): press a button to train"
            )

    def _say(self, state: dict[str, Any]) -> str:
        done = len(state["epoch"])
        accuracy = state["final_val_accuracy"]
        return (f"784-{state['hidden']}-10 network, η = {state['eta']:.3g}, m = "
                f"{state['batch_size']}, seed {state['seed']}: validation accuracy "
                f"{_num(100 * accuracy, 3)} % after {done} of {state['epochs']} epochs: "
                f"{state['verdict']}")

    def _describe(self, state: dict[str, Any]) -> str:
        done = len(state["epoch"])
        if not done:
            return (f"Empty plots of cost and accuracy per epoch: the 784-{state['hidden']}-10 "
                    f"network has not finished an epoch yet.")
        notice = {
            "learning": "the accuracy climbs well above the 10 % of guessing",
            "not learning": "the accuracy stays near the 10 % of guessing: η or the network "
                            "does not suit the task",
            "diverged": "the cost blew up: η is too large",
        }.get(state["verdict"], state["verdict"])
        return (f"Two plots against the epoch, 1 to {done}, for a 784-{state['hidden']}-10 "
                f"network trained with η = {state['eta']:.3g} and batch size "
                f"{state['batch_size']} on {state['n_train']} images: left the cost, right the "
                f"accuracy, each on the training and the {state['n_test']} validation images. "
                f"Cost {_num(state['loss'][0], 3)} after epoch 1 and {_num(state['loss'][-1], 3)} "
                f"after epoch {done}; final validation accuracy "
                f"{_num(100 * state['final_val_accuracy'], 3)} %. Notice: {notice}.")

    def compute(self, hidden: int, eta: float, batch_size: int, epochs: int,
                seed: int) -> dict[str, Any]:
        self.trainings += 1
        self.progress.max = epochs
        self.progress.value = 0

        def live(state: dict[str, Any]) -> None:
            self.progress.value = len(state["epoch"])
            self.state = state
            self._announce(self.caption(state))
            self._render(state)

        return mnist_state(hidden, eta, batch_size, epochs, seed, data=self.data, callback=live)

    def _setup(self, figure: Any) -> None:
        self._ax_loss, self._ax_acc = figure.subplots(1, 2)
        figure.subplots_adjust(left=0.08, right=0.98, top=0.84, bottom=0.15, wspace=0.25)

    def _draw(self, state: dict[str, Any]) -> None:
        from ..plots.training import draw_history

        self._ax_loss.clear()
        self._ax_acc.clear()
        draw_history(self._ax_loss, self._ax_acc, state)
        self._ax_loss.set_xlim(0.5, state["epochs"] + 0.5)
        self._ax_acc.set_xlim(0.5, state["epochs"] + 0.5)
        self.figure.suptitle(
            f"784-{state['hidden']}-10, η = {state['eta']:.3g}, m = {state['batch_size']}, "
            f"seed {state['seed']}: {state['verdict']}", fontsize=10)
