"""One exception handler for the whole API: a refused request is never a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from hospital.errors import DomainError


def domain_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(exc.as_data(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DataError):
        # a value the column cannot hold (too long, out of range) that validation let through
        return Response(
            {"detail": _("A value is too long or out of range for this field.")}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": _("This conflicts with a record that already exists.")}, status=status.HTTP_409_CONFLICT
        )
    return exception_handler(exc, context)
