"""The access checks for views now live on the ground floor, in :mod:`lika.core.access`, because the core's own
views use them and the core imports no part. This name stays so that every part's views keep importing it."""

from lika.core.access import StaffRequest, StaffViewFunction, View, public_view, staff_view

__all__ = ["StaffRequest", "StaffViewFunction", "View", "public_view", "staff_view"]
