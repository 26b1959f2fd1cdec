"""`torch.cuda` as a build without GPU support answers it."""


def is_available():
    return False


def device_count():
    return 0
