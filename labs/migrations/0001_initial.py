"""Lab, Membership and Cycle, which were models of `plans`, become models of `labs`.

Their tables stay where they are (plans_lab, plans_membership, plans_cycle, created by plans'
migrations): this migration only tells Django's state that the models are now here. plans'
0014_labs_moved_out then points LearningPlan.lab here and forgets its own copies.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('plans', '0013_tag_array'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Lab',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, unique=True)),
                        ('country', models.CharField(blank=True, max_length=2, verbose_name='ISO country code')),
                        ('region', models.CharField(blank=True, choices=[('RBA', 'Africa'), ('RBAP', 'Asia and the Pacific'), ('RBAS', 'Arab States'), ('RBEC', 'Europe and Central Asia'), ('RBLAC', 'Latin America and the Caribbean')], max_length=5)),
                        ('latitude', models.FloatField(blank=True, null=True)),
                        ('longitude', models.FloatField(blank=True, null=True)),
                        ('slug', models.SlugField(max_length=200, unique=True)),
                    ],
                    options={
                        'db_table': 'plans_lab',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Cycle',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(unique=True)),
                        ('plans_open_on', models.DateField(verbose_name='plans open on')),
                        ('plans_close_on', models.DateField(verbose_name='plans close on')),
                        ('reports_open_on', models.DateField(verbose_name='progress reports open on')),
                        ('reports_close_on', models.DateField(verbose_name='progress reports close on')),
                    ],
                    options={
                        'db_table': 'plans_cycle',
                        'ordering': ['-year'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('plans_open_on__lte', models.F('plans_close_on'))), name='cycle_plans_window_in_order'), models.CheckConstraint(condition=models.Q(('reports_open_on__lte', models.F('reports_close_on'))), name='cycle_reports_window_in_order')],
                    },
                ),
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('focal_point', 'Focal point')], default='focal_point', max_length=20)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('lab', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='labs.lab')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'plans_membership',
                    },
                ),
                migrations.AddField(
                    model_name='lab',
                    name='members',
                    field=models.ManyToManyField(blank=True, related_name='labs', through='labs.Membership', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AddConstraint(
                    model_name='membership',
                    constraint=models.UniqueConstraint(fields=('user', 'lab'), name='membership_unique_user_lab'),
                ),
                migrations.AddConstraint(
                    model_name='lab',
                    constraint=models.UniqueConstraint(condition=models.Q(('country', ''), _negated=True), fields=('country',), name='lab_unique_country'),
                ),
            ],
        ),
    ]
