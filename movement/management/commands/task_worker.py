import os
import sys

from django.core.management.base import BaseCommand

from movement.operations import tasks


class Command(BaseCommand):
    help = (
        "Kør baggrundsarbejdet (webhooks, e-mails) fra køen i databasen: "
        "prøver igen med stigende ventetid og samler afbrudt arbejde op efter en genstart."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Kør det, der venter nu, og stop.")
        parser.add_argument("--interval", type=float, default=1.0, help="Sekunder mellem kig i køen.")
        parser.add_argument(
            "--with-parent",
            action="store_true",
            help="Stop, når processen, der startede arbejderen, stopper (make run, make serve).",
        )
        parser.add_argument(
            "--supervise",
            action="store_true",
            help="Kør arbejderen som underproces og start den igen, hvis den dør.",
        )

    def handle(self, *args, once, interval, with_parent, supervise, **options):
        parent = os.getppid() if with_parent else None
        if once:
            tasks.run_pending()
            return
        if supervise:
            argv = [os.path.abspath(sys.argv[0]), "task_worker", "--interval", str(interval)]
            if with_parent:
                argv.append("--with-parent")
            # The child's parent is this supervisor; it stops when we do.
            tasks.supervise(argv, parent_pid=parent)
            return
        tasks.WorkerLoop(interval=interval, parent_pid=parent).run()
