"""Photos: safe decoding, metadata stripping and hashing (`huijia.media.safe`)."""

from huijia.media.safe import CleanImage, Limits, MediaError, clean_image, gps_position

__all__ = ["CleanImage", "Limits", "MediaError", "clean_image", "gps_position"]
