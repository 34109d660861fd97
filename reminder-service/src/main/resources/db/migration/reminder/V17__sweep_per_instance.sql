-- The due-touch sweep left Quartz: every instance now sweeps on its own loop (dispatch.DueTouchSweep).
-- Remove the clustered job a previous version stored, so no scheduler tries to load its class.
delete from qrtz_simple_triggers where trigger_name = 'due-touch-sweep' and trigger_group = 'DEFAULT';
delete from qrtz_fired_triggers where trigger_name = 'due-touch-sweep' and trigger_group = 'DEFAULT';
delete from qrtz_triggers where job_name = 'due-touch-sweep' and job_group = 'DEFAULT';
delete from qrtz_job_details where job_name = 'due-touch-sweep' and job_group = 'DEFAULT';
