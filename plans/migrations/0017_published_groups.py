"""`PublishedGroup`, filled with the published plans' counts and kept by triggers
(plans/published_groups.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from plans import published_groups


def count_published(apps, schema_editor):
    published_groups.count_published(schema_editor)


def uncount(apps, schema_editor):
    published_groups.drop_triggers(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('labs', '0003_verbose_names'),
        ('plans', '0016_parts_ordered_by_plan_id'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PublishedGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('kind', models.CharField(max_length=10)),
                ('challenge_type', models.CharField(max_length=12)),
                ('plans', models.IntegerField(default=0)),
                ('stage_sense', models.IntegerField(default=0)),
                ('stage_explore', models.IntegerField(default=0)),
                ('stage_test', models.IntegerField(default=0)),
                ('stage_grow', models.IntegerField(default=0)),
                ('sector_government', models.IntegerField(default=0)),
                ('sector_private', models.IntegerField(default=0)),
                ('sector_civil_society', models.IntegerField(default=0)),
                ('sector_academia', models.IntegerField(default=0)),
                ('sector_un', models.IntegerField(default=0)),
                ('sector_international', models.IntegerField(default=0)),
                ('sector_media', models.IntegerField(default=0)),
                ('sector_other', models.IntegerField(default=0)),
            ],
            options={
                'verbose_name': 'group of published plans',
                'verbose_name_plural': 'groups of published plans',
            },
        ),
        migrations.AddIndex(
            model_name='tag',
            index=models.Index(fields=['vocabulary', '-published_count'], name='tag_published_count_idx'),
        ),
        migrations.AddField(
            model_name='publishedgroup',
            name='lab',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='labs.lab'),
        ),
        migrations.AddConstraint(
            model_name='publishedgroup',
            constraint=models.UniqueConstraint(fields=('lab', 'year', 'kind', 'challenge_type'), name='published_group_unique'),
        ),
        migrations.RunPython(count_published, uncount),
    ]
