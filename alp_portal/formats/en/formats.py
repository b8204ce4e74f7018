# English as an international network writes it: day before month, a 24-hour clock ("2 December
# 2026, 16:33"), not Django's American default ("Dec. 2, 2026, 4:33 p.m."). Other languages keep
# Django's formats. Templates show dates with DATE_FORMAT and times with DATETIME_FORMAT only.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
