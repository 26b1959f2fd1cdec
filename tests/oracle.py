"""What the engine tests share: the reason differential tests skip, and address masking."""
import re

TORCH_REASON = "differential tests need torch==2.13.0 (pip install torch==2.13.0)"
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")


def mask_addresses(text):
    """`<MulBackward0 object at 0x7f...>` -> `<MulBackward0 object at 0x…>`."""
    return ADDRESS.sub(" at 0x…>", text)
