from django.core.management.base import BaseCommand

from participatiehub.conf.env import declared


class Command(BaseCommand):
    help = "List the environment variables the settings read, with their defaults and help texts."

    def handle(self, *args, **options):
        for var in declared():
            required = " (required)" if var.required else ""
            self.stdout.write(f"{var.name}{required}\n    default: {var.default!r}\n    {var.help}")
