"""Seeing gradients: plots of a function and its derivative, the computation graph as SVG, a
widget that steps through the backward pass, a gradient-descent playground, and a picture of
broadcasting in backward.

Pure Python on matplotlib and ipywidgets: nothing to install (no Graphviz).

    from autograd_edu.viz import plot_function_and_grad, draw_graph, BackpropStepper
"""
from .broadcast import plot_broadcast_backward
from .graph import GraphPicture, draw_graph
from .playground import GradientDescentPlayground, descend, plot_descent
from .plots import plot_function_and_grad, plot_loss_curve, plot_tangent
from .stepper import BackpropStepper
from .trace import BackwardTrace

# GraphPicture is imported for isinstance checks: it is what draw_graph returns, not a tool to call
__all__ = ["BackpropStepper", "BackwardTrace", "GradientDescentPlayground", "descend", "draw_graph",
           "plot_broadcast_backward", "plot_descent", "plot_function_and_grad", "plot_loss_curve", "plot_tangent"]
