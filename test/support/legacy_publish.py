"""Publishes one message exactly as the legacy producer does (Python pika).

usage: legacy_publish.py HOST PORT QUEUE BODY [USER PASSWORD]

The legacy code declares the queue with pika's defaults (classic, durable=False,
exclusive=False, auto_delete=False, no arguments) and publishes to the default exchange
with the queue name as routing key. A different declaration on either side makes the
broker refuse the second one with 406 PRECONDITION_FAILED, which this script then exits on.
"""
import sys

import pika


def main() -> None:
    host, port, queue, body = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    user, password = (sys.argv[5], sys.argv[6]) if len(sys.argv) > 6 else ("guest", "guest")
    params = pika.ConnectionParameters(host=host, port=port, credentials=pika.PlainCredentials(user, password))
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    channel.queue_declare(queue=queue)
    channel.basic_publish(exchange="", routing_key=queue, body=body)
    connection.close()


if __name__ == "__main__":
    main()
