from django.db import models
from django.utils.translation import gettext_lazy as _


class Layer(models.TextChoices):
    PROVINCE = "province", _("Province")
    ZORGKANTOORREGIO = "zorgkantoorregio", _("Care office region")
    GGDREGIO = "ggdregio", _("GGD region")
    IZA = "iza", _("IZA/AZWA region")


#: Layers whose regions come from the CBS reference files; IZA regions are kept by hand.
IMPORTED_LAYERS = (Layer.PROVINCE, Layer.ZORGKANTOORREGIO, Layer.GGDREGIO)
