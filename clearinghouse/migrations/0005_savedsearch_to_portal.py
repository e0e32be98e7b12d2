# Saved searches belong to the portal now (portal 0001 takes the model with its table, unchanged).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('clearinghouse', '0004_savedsearch_language'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name='SavedSearch')],
        ),
    ]
