"""The indicator catalogue as code, and the engines that run it."""
