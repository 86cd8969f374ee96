/* The native side of harness.js, compiled into the `jerry` command-line tool only
 * (jerry-main); the engine (jerry-core) is the unmodified 2.4.0 release.
 *
 * The watch's flash: the app's files live here, in C memory, not in the JavaScript heap, as
 * they do on the watch. Files written and read with the fs module's 'json' encoding are
 * turned into JSON and back here, as the watch's native fs does, so a large record never
 * exists as one JavaScript string (JSON.parse / JSON.stringify would need the whole text in
 * the heap at once).
 *
 *   nativeFileWrite(name, text)      store a string (UTF-8)
 *   nativeFileWriteJson(name, value) store a value as JSON text
 *   nativeFileRead(name)             the text, or undefined when there is no such file
 *   nativeFileReadJson(name)         the parsed value (a SyntaxError when it is not JSON)
 *   nativeFilePrint(name, prefix)    print prefix + the text + newline on stdout
 *   nativeFileSize(name)             its size in bytes, or -1
 *   nativeFileDelete(name)           true when it existed
 *   nativeFileList()                 the names, as an array
 *   nativeFileBytes()                bytes held in all files
 *   nativeHeapLive()                 bytes in use in the JS heap after a full garbage collection
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jerryscript.h"

typedef struct native_file_t
{
  char *name;
  jerry_char_t *data;
  jerry_size_t size;
  struct native_file_t *next;
} native_file_t;

static native_file_t *native_files = NULL;

static char *
native_cstring (jerry_value_t value, jerry_size_t *size_p)
{
  jerry_size_t size = jerry_get_utf8_string_size (value);
  char *buffer = malloc (size + 1);
  jerry_string_to_utf8_char_buffer (value, (jerry_char_t *) buffer, size);
  buffer[size] = '\0';
  if (size_p != NULL)
  {
    *size_p = size;
  }
  return buffer;
}

static native_file_t **
native_find (const char *name)
{
  native_file_t **link_p = &native_files;
  while (*link_p != NULL && strcmp ((*link_p)->name, name) != 0)
  {
    link_p = &(*link_p)->next;
  }
  return link_p;
}

static jerry_value_t
native_error (const char *message)
{
  return jerry_create_error (JERRY_ERROR_TYPE, (const jerry_char_t *) message);
}

static native_file_t *native_store (jerry_value_t name_val, char *data, jerry_size_t size);

static jerry_value_t
native_file_write (const jerry_value_t func, const jerry_value_t this_val, const jerry_value_t args[], const jerry_length_t argc)
{
  (void) func;
  (void) this_val;
  if (argc < 2 || !jerry_value_is_string (args[0]) || !jerry_value_is_string (args[1]))
  {
    return native_error ("nativeFileWrite(name, text): two strings expected");
  }
  jerry_size_t size;
  char *data = native_cstring (args[1], &size);
  native_store (args[0], data, size);
  return jerry_create_undefined ();
}

/* --- JSON out of a value, without a JavaScript string of the whole text ----------------- */

typedef struct
{
  char *p;
  size_t len;
  size_t cap;
} native_buf_t;

static void
native_put (native_buf_t *b, const char *s, size_t n)
{
  if (b->len + n + 1 > b->cap)
  {
    size_t cap = b->cap ? b->cap : 256;
    while (b->len + n + 1 > cap)
    {
      cap *= 2;
    }
    b->p = realloc (b->p, cap);
    b->cap = cap;
  }
  memcpy (b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void
native_put_string (native_buf_t *b, jerry_value_t str)
{
  jerry_size_t size;
  char *text = native_cstring (str, &size);
  native_put (b, "\"", 1);
  for (jerry_size_t i = 0; i < size; i++)
  {
    unsigned char c = (unsigned char) text[i];
    char esc[8];
    if (c == '"' || c == '\\')
    {
      esc[0] = '\\';
      esc[1] = (char) c;
      native_put (b, esc, 2);
    }
    else if (c < 0x20)
    {
      const char *named = c == '\b' ? "\\b" : c == '\f' ? "\\f" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
      if (named != NULL)
      {
        native_put (b, named, 2);
      }
      else
      {
        snprintf (esc, sizeof (esc), "\\u%04x", c);
        native_put (b, esc, 6);
      }
    }
    else
    {
      native_put (b, (const char *) &text[i], 1);
    }
  }
  native_put (b, "\"", 1);
  free (text);
}

/* JSON.stringify's rules for plain data: undefined and functions are left out of objects and
 * become null in arrays; numbers that are not finite become null. */
static bool
native_put_json (native_buf_t *b, jerry_value_t v)
{
  if (jerry_value_is_null (v))
  {
    native_put (b, "null", 4);
  }
  else if (jerry_value_is_boolean (v))
  {
    native_put (b, jerry_get_boolean_value (v) ? "true" : "false", jerry_get_boolean_value (v) ? 4 : 5);
  }
  else if (jerry_value_is_number (v))
  {
    double d = jerry_get_number_value (v);
    if (d != d || d - d != 0)
    {
      native_put (b, "null", 4);
    }
    else
    {
      jerry_value_t str = jerry_value_to_string (v);
      jerry_size_t size;
      char *text = native_cstring (str, &size);
      native_put (b, text, size);
      free (text);
      jerry_release_value (str);
    }
  }
  else if (jerry_value_is_string (v))
  {
    native_put_string (b, v);
  }
  else if (jerry_value_is_array (v))
  {
    uint32_t n = jerry_get_array_length (v);
    native_put (b, "[", 1);
    for (uint32_t i = 0; i < n; i++)
    {
      if (i > 0)
      {
        native_put (b, ",", 1);
      }
      jerry_value_t item = jerry_get_property_by_index (v, i);
      if (jerry_value_is_undefined (item) || jerry_value_is_function (item) || !native_put_json (b, item))
      {
        native_put (b, "null", 4);
      }
      jerry_release_value (item);
    }
    native_put (b, "]", 1);
  }
  else if (jerry_value_is_object (v) && !jerry_value_is_function (v))
  {
    jerry_value_t keys = jerry_get_object_keys (v);
    uint32_t n = jerry_get_array_length (keys);
    bool first = true;
    native_put (b, "{", 1);
    for (uint32_t i = 0; i < n; i++)
    {
      jerry_value_t key = jerry_get_property_by_index (keys, i);
      jerry_value_t item = jerry_get_property (v, key);
      if (!jerry_value_is_undefined (item) && !jerry_value_is_function (item))
      {
        if (!first)
        {
          native_put (b, ",", 1);
        }
        first = false;
        native_put_string (b, key);
        native_put (b, ":", 1);
        native_put_json (b, item);
      }
      jerry_release_value (item);
      jerry_release_value (key);
    }
    jerry_release_value (keys);
    native_put (b, "}", 1);
  }
  else
  {
    return false;
  }
  return true;
}

static native_file_t *
native_store (jerry_value_t name_val, char *data, jerry_size_t size)
{
  char *name = native_cstring (name_val, NULL);
  native_file_t **link_p = native_find (name);
  native_file_t *file = *link_p;
  if (file == NULL)
  {
    file = calloc (1, sizeof (native_file_t));
    file->name = name;
    *link_p = file;
  }
  else
  {
    free (name);
    free (file->data);
  }
  file->data = (jerry_char_t *) data;
  file->size = size;
  return file;
}

static jerry_value_t
native_file_write_json (const jerry_value_t func, const jerry_value_t this_val, const jerry_value_t args[], const jerry_length_t argc)
{
  (void) func;
  (void) this_val;
  if (argc < 2 || !jerry_value_is_string (args[0]))
  {
    return native_error ("nativeFileWriteJson(name, value): a name expected");
  }
  native_buf_t b = { NULL, 0, 0 };
  if (!native_put_json (&b, args[1]))
  {
    free (b.p);
    return native_error ("nativeFileWriteJson: the value has no JSON form");
  }
  native_store (args[0], b.p, (jerry_size_t) b.len);
  return jerry_create_undefined ();
}

static jerry_value_t
native_file_read_json (const jerry_value_t func, const jerry_value_t this_val, const jerry_value_t args[], const jerry_length_t argc)
{
  (void) func;
  (void) this_val;
  if (argc < 1 || !jerry_value_is_string (args[0]))
  {
    return native_error ("nativeFileReadJson(name): a string expected");
  }
  char *name = native_cstring (args[0], NULL);
  native_file_t *file = *native_find (name);
  free (name);
  if (file == NULL)
  {
    return jerry_create_undefined ();
  }
  return jerry_json_parse (file->data, file->size);
}

static jerry_value_t
native_file_print (const jerry_value_t func, const jerry_value_t this_val, const jerry_value_t args[], const jerry_length_t argc)
{
  (void) func;
  (void) this_val;
  if (argc < 2 || !jerry_value_is_string (args[0]) || !jerry_value_is_string (args[1]))
  {
    return native_error ("nativeFilePrint(name, prefix): two strings expected");
  }
  char *name = native_cstring (args[0], NULL);
  native_file_t *file = *native_find (name);
  free (name);
  if (file == NULL)
  {
    return jerry_create_boolean (false);
  }
  char *prefix = native_cstring (args[1], NULL);
  printf ("%s%.*s\n", prefix, (int) file->size, (const char *) file->data);
  fflush (stdout);
  free (prefix);
  return jerry_create_boolean (true);
}

static jerry_value_t
native_heap_live (const jerry_value_t func, const jerry_value_t this_val, const jerry_value_t args[], const jerry_length_t argc)
{
  (void) func;
  (void) this_val;
  (void) args;
  (void) argc;
  jerry_heap_stats_t stats;
  memset (&stats, 0, sizeof (stats));
  jerry_gc (JERRY_GC_PRESSURE_HIGH);
  if (!jerry_get_memory_stats (&stats))
  {
    return jerry_create_number (-1);
  }
  return jerry_create_number ((double) stats.allocated_bytes);
}

static jerry_value_t
native_file_read (const jerry_value_t func, const jerry_value_t this_val, const jerry_value_t args[], const jerry_length_t argc)
{
  (void) func;
  (void) this_val;
  if (argc < 1 || !jerry_value_is_string (args[0]))
  {
    return native_error ("nativeFileRead(name): a string expected");
  }
  char *name = native_cstring (args[0], NULL);
  native_file_t *file = *native_find (name);
  free (name);
  if (file == NULL)
  {
    return jerry_create_undefined ();
  }
  return jerry_create_string_sz_from_utf8 (file->data, file->size);
}

static jerry_value_t
native_file_size (const jerry_value_t func, const jerry_value_t this_val, const jerry_value_t args[], const jerry_length_t argc)
{
  (void) func;
  (void) this_val;
  if (argc < 1 || !jerry_value_is_string (args[0]))
  {
    return native_error ("nativeFileSize(name): a string expected");
  }
  char *name = native_cstring (args[0], NULL);
  native_file_t *file = *native_find (name);
  free (name);
  return jerry_create_number (file == NULL ? -1 : (double) file->size);
}

static jerry_value_t
native_file_delete (const jerry_value_t func, const jerry_value_t this_val, const jerry_value_t args[], const jerry_length_t argc)
{
  (void) func;
  (void) this_val;
  if (argc < 1 || !jerry_value_is_string (args[0]))
  {
    return native_error ("nativeFileDelete(name): a string expected");
  }
  char *name = native_cstring (args[0], NULL);
  native_file_t **link_p = native_find (name);
  native_file_t *file = *link_p;
  free (name);
  if (file == NULL)
  {
    return jerry_create_boolean (false);
  }
  *link_p = file->next;
  free (file->name);
  free (file->data);
  free (file);
  return jerry_create_boolean (true);
}

static jerry_value_t
native_file_list (const jerry_value_t func, const jerry_value_t this_val, const jerry_value_t args[], const jerry_length_t argc)
{
  (void) func;
  (void) this_val;
  (void) args;
  (void) argc;
  uint32_t count = 0;
  for (native_file_t *f = native_files; f != NULL; f = f->next)
  {
    count++;
  }
  jerry_value_t list = jerry_create_array (count);
  uint32_t i = 0;
  for (native_file_t *f = native_files; f != NULL; f = f->next)
  {
    jerry_value_t name = jerry_create_string_from_utf8 ((const jerry_char_t *) f->name);
    jerry_release_value (jerry_set_property_by_index (list, i++, name));
    jerry_release_value (name);
  }
  return list;
}

static jerry_value_t
native_file_bytes (const jerry_value_t func, const jerry_value_t this_val, const jerry_value_t args[], const jerry_length_t argc)
{
  (void) func;
  (void) this_val;
  (void) args;
  (void) argc;
  double total = 0;
  for (native_file_t *f = native_files; f != NULL; f = f->next)
  {
    total += f->size;
  }
  return jerry_create_number (total);
}

static void
native_register (const char *name, jerry_external_handler_t handler)
{
  jerry_value_t global = jerry_get_global_object ();
  jerry_value_t key = jerry_create_string ((const jerry_char_t *) name);
  jerry_value_t fn = jerry_create_external_function (handler);
  jerry_release_value (jerry_set_property (global, key, fn));
  jerry_release_value (fn);
  jerry_release_value (key);
  jerry_release_value (global);
}

static void
native_store_register (void)
{
  native_register ("nativeFileWrite", native_file_write);
  native_register ("nativeFileWriteJson", native_file_write_json);
  native_register ("nativeFileRead", native_file_read);
  native_register ("nativeFileReadJson", native_file_read_json);
  native_register ("nativeFilePrint", native_file_print);
  native_register ("nativeHeapLive", native_heap_live);
  native_register ("nativeFileSize", native_file_size);
  native_register ("nativeFileDelete", native_file_delete);
  native_register ("nativeFileList", native_file_list);
  native_register ("nativeFileBytes", native_file_bytes);
}
