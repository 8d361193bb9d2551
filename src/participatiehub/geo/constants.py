from django.db import models
from django.utils.translation import gettext_lazy as _


class Layer(models.TextChoices):
    PROVINCE = "province", _("Province")
    ZORGKANTOORREGIO = "zorgkantoorregio", _("Care office region")
    GGDREGIO = "ggdregio", _("GGD region")
    IZA = "iza", _("IZA/AZWA region")


#: Layers whose regions come from the CBS reference files; IZA regions are kept by hand.
IMPORTED_LAYERS = (Layer.PROVINCE, Layer.ZORGKANTOORREGIO, Layer.GGDREGIO)

#: The kind of area a CBS code names, keyed by its two-letter prefix, with the number of digits.
MUNICIPALITY = "municipality"
CODE_FORMATS: dict[str, tuple[str, int]] = {
    MUNICIPALITY: ("GM", 4),
    Layer.PROVINCE.value: ("PV", 2),
    Layer.ZORGKANTOORREGIO.value: ("ZK", 2),
    Layer.GGDREGIO.value: ("GG", 4),
}
KIND_BY_PREFIX: dict[str, str] = {prefix: kind for kind, (prefix, _digits) in CODE_FORMATS.items()}
