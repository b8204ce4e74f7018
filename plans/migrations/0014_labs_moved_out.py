"""Lab, Membership and Cycle now live in the `labs` app (labs' 0001_initial): LearningPlan.lab
points there, and plans' state forgets its own copies. Nothing changes in the database: the
tables keep their names, columns, constraints and indexes.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('labs', '0001_initial'),
        ('plans', '0013_tag_array'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='learningplan',
                    name='lab',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='labs.lab'),
                ),
                migrations.RemoveField(
                    model_name='lab',
                    name='members',
                ),
                migrations.DeleteModel(
                    name='Membership',
                ),
                migrations.DeleteModel(
                    name='Lab',
                ),
                migrations.DeleteModel(
                    name='Cycle',
                ),
            ],
        ),
    ]
