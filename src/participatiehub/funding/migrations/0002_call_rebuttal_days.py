import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="call",
            name="rebuttal_days",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Counted from the day the referee reports are shared. Empty: no deadline.",
                null=True,
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="days to write the rebuttal",
            ),
        ),
    ]
